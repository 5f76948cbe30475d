namespace Paperclip.Cli.Output;

/// <summary>A visible wait: a second-by-second countdown on a terminal, one line otherwise.</summary>
public static class Countdown
{
    /// <summary>Waits <paramref name="wait"/>, telling the user what for.</summary>
    public static async Task WaitAsync(Printer printer, string what, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(printer);
        int seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        if (!printer.Terminal)
        {
            printer.Note($"{what} in {seconds} s.");
            await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
            return;
        }

        for (int left = seconds; left > 0; left--)
        {
            await printer.Error.WriteAsync($"\r{what} in {left} s… ").ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }

        await printer.Error.WriteAsync("\r\u001b[K").ConfigureAwait(false);
    }
}
