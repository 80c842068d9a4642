using System.Diagnostics;
using System.Text;
using PruneBench.Harness.Tests.Commands;
using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Progress;

/// <summary>Ctrl-C on a real terminal: a pseudo-terminal made by util-linux <c>script</c>, the key sent as byte 0x03.</summary>
[Collection(nameof(CliCollection))]
public sealed class TerminalInterruptTests(SampleReducerBuild sample)
{
    private const string HideCursor = "\u001b[?25l";
    private const string ShowCursor = "\u001b[?25h";

    [Fact]
    public void Ctrl_c_during_the_live_progress_bar_shows_the_cursor_again()
    {
        if (!File.Exists("/usr/bin/script"))
        {
            Assert.Skip("util-linux 'script' is not installed: no pseudo-terminal to press Ctrl-C in.");
        }

        using var temp = new TempFolder();
        var command = string.Join(' ', new[]
        {
            "exec", "dotnet", RepositoryPaths.Prunebench, "sweep", "-m", RepositoryPaths.Fixture("llama"), "-b", "random", "--samples", "20", "--frames", "64",
            "--methods", "stride", "--budgets", "0.6,0.75,0.9", "--plugins", sample.OutputFolder, "--device", "cpu", "--out", temp.Path,
        }.Select(a => $"'{a}'"));
        var info = new ProcessStartInfo("/usr/bin/script", ["-qfec", command, "/dev/null"])
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.Environment.Remove("CI");
        info.Environment["TERM"] = "xterm";
        using var terminal = Process.Start(info)!;
        var screen = new StringBuilder();
        var reader = new Thread(() =>
        {
            var buffer = new char[4096];
            int n;
            while ((n = terminal.StandardOutput.Read(buffer, 0, buffer.Length)) > 0)
            {
                lock (screen)
                {
                    screen.Append(buffer, 0, n);
                }
            }
        });
        reader.Start();

        var clock = Stopwatch.StartNew();
        while (!Text().Contains(HideCursor, StringComparison.Ordinal))
        {
            Assert.False(terminal.HasExited, $"prunebench ended before its progress bar showed:\n{Text()}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"no progress bar after 60 s:\n{Text()}");
            Thread.Sleep(50);
        }

        Thread.Sleep(500);
        terminal.StandardInput.Write('\u0003');
        terminal.StandardInput.Flush();
        Assert.True(terminal.WaitForExit(TimeSpan.FromSeconds(30)), "Ctrl-C did not end prunebench");
        reader.Join(TimeSpan.FromSeconds(10));

        var text = Text();
        Assert.True(text.LastIndexOf(ShowCursor, StringComparison.Ordinal) > text.LastIndexOf(HideCursor, StringComparison.Ordinal),
            $"the cursor is still hidden after Ctrl-C:\n{text.Replace("\u001b", "ESC", StringComparison.Ordinal)}");

        string Text()
        {
            lock (screen)
            {
                return screen.ToString();
            }
        }
    }
}
