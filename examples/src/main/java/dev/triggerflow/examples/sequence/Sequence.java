package dev.triggerflow.examples.sequence;

import dev.triggerflow.api.FunctionExecutor;
import dev.triggerflow.api.Workflow;
import dev.triggerflow.api.WorkflowContext;
import dev.triggerflow.api.WorkflowName;

/**
 * The seed example of workflow as code, as it reads with PyWren:
 *
 * <pre>
 * pw = pywren.ibm_cf_executor()
 * res = 0
 * pw.call_async(my_function, int(res))
 * res = pw.get_result()
 * pw.call_async(my_function, int(res))
 * res = pw.get_result()
 * </pre>
 *
 * <p>Two calls in a row from 0: the result is 6 and the orchestrator runs three times, once to
 * start and once per completed call. The input, if given, replaces the starting value.
 */
@WorkflowName("sequence")
public final class Sequence implements Workflow<Integer, Integer> {

  @Override
  public Integer run(WorkflowContext ctx, Integer start) {
    FunctionExecutor pw = FunctionExecutor.of(ctx);
    int res = start == null ? 0 : start;
    pw.callAsync(MyFunction.class, res);
    res = pw.getResult();
    pw.callAsync(MyFunction.class, res);
    res = pw.getResult();
    return res;
  }
}
