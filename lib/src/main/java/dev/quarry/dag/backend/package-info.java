/**
 * Backends: where and how a {@link dev.quarry.dag.backend.Provider Provider}'s operations run.
 *
 * <p>A pipeline has three layers. A node orchestrates (reads its inputs from the context, writes
 * its outputs); a {@link dev.quarry.dag.backend.Provider Provider} is a typed business facade the
 * node calls; a {@link dev.quarry.dag.backend.Backend Backend} is the execution infrastructure the
 * provider delegates to. Values cross a backend as JSON, so the same provider runs unchanged
 * in-process, in a child process (a JVM, Python, a shell script) or behind an HTTP server.
 *
 * <h2>Wire protocol</h2>
 *
 * <p>The subprocess and HTTP backends speak the same protocol, one request and one reply per call,
 * both UTF-8 JSON objects:
 *
 * <pre>{@code
 * request:  {"operation": "<name>", "input": <any JSON>}
 * reply:    {"ok": true,  "output": <any JSON>}
 *      or   {"ok": false, "error": "<message for a human>"}
 * }</pre>
 *
 * <p>Operation names are letters, digits, {@code .}, {@code _} and {@code -}, starting with a
 * letter or digit (they become a URL path segment over HTTP). Other reply fields are ignored.
 *
 * <ul>
 *   <li><b>Subprocess</b> ({@link dev.quarry.dag.backend.Backend#subprocess Backend.subprocess},
 *       {@link dev.quarry.dag.backend.Backend#jvm Backend.jvm}): one process per call. The request
 *       is written to the process's standard input, which is then closed; the process prints
 *       exactly one reply object on standard output and exits with code 0, also when the operation
 *       failed ({@code "ok": false}). Logs go to standard error, whose last lines are quoted when
 *       the call fails. A non-zero exit code is a crash. {@link dev.quarry.dag.backend.Worker
 *       Worker} implements this side for Java.
 *   <li><b>HTTP</b> ({@link dev.quarry.dag.backend.Backend#http Backend.http}): the request is
 *       {@code POST}ed to {@code <base URI><operation>} with {@code Content-Type:
 *       application/json}; the reply is the response body. {@link dev.quarry.dag.backend.HttpWorker
 *       HttpWorker} implements this side; it answers 200 on success, 404 for an unknown operation,
 *       400 for a malformed request, 405 for a method other than {@code POST} and 500 when the
 *       handler failed, always with a reply object as body.
 * </ul>
 *
 * <p>Every failure of this package is a {@link dev.quarry.dag.backend.BackendException
 * BackendException} whose message names the backend ({@link
 * dev.quarry.dag.backend.Backend#describe()}), the operation, what happened and what to do.
 */
package dev.quarry.dag.backend;
