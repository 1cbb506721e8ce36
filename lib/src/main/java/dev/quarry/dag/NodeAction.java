package dev.quarry.dag;

import dev.quarry.context.PipelineContext;

/** The body of an inline node: reads its inputs from the context and sets its outputs. */
@FunctionalInterface
public interface NodeAction {
  /**
   * Runs the node.
   *
   * @param ctx the context, scoped to the node's declared inputs and outputs
   * @throws Exception any failure; the pipeline reports it with the node's name
   */
  void run(PipelineContext ctx) throws Exception;
}
