using DurableTask.Core;

namespace Paperclip.Bench;

/// <summary>The baseline: a plain DTFx orchestration of three no-op activities, the floor for this backend.</summary>
public sealed class BareOrchestration : TaskOrchestration<string, string>
{
    public override async Task<string> RunTask(OrchestrationContext context, string input)
    {
        await context.ScheduleTask<string>(typeof(NoOpActivity), input);
        await context.ScheduleTask<string>(typeof(NoOpActivity), input);
        return await context.ScheduleTask<string>(typeof(NoOpActivity), input);
    }
}

/// <summary>Does nothing.</summary>
public sealed class NoOpActivity : TaskActivity<string, string>
{
    protected override string Execute(TaskContext context, string input) => input;
}
