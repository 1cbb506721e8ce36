package dev.quarry.dag;

import dev.quarry.context.PipelineContext;
import java.io.Serializable;

/**
 * The body of an inline node: reads its inputs from the context and sets its outputs.
 *
 * <p>Serializable so that a lambda's implementation (its defining class, method and captured
 * values) can be read and made part of the node's cache key; Quarry never serializes a node.
 */
@FunctionalInterface
public interface NodeAction extends Serializable {
  /**
   * Runs the node.
   *
   * @param ctx the context, scoped to the node's declared inputs and outputs
   * @throws Exception any failure; the pipeline reports it with the node's name
   */
  void run(PipelineContext ctx) throws Exception;
}
