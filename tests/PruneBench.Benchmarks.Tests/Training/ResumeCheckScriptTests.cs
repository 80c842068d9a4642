using System.Diagnostics;
using PruneBench.Benchmarks.Tests.TestSupport;

namespace PruneBench.Benchmarks.Tests.Training;

/// <summary>
/// tools/train/train.py refuses a --resume state of another model shape with one line naming the file and the field or
/// tensor (issue 15). The check is plain Python (tools/train/resume_check.py) so that its unit tests run here, on a
/// machine without torch; training itself runs on the GPU machine only.
/// </summary>
public sealed class ResumeCheckScriptTests
{
    [Fact]
    public async Task The_resume_shape_check_passes_its_python_unit_tests()
    {
        ProcessStartInfo info = new("python3", ["-m", "unittest", "-v", Path.Combine("tools", "train", "test_resume_check.py")])
        {
            WorkingDirectory = RepositoryFixtures.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip("python3 is not on PATH: the training tools' unit tests need it.");
            return;
        }

        using (process)
        {
            var cancel = TestContext.Current.CancellationToken;
            var stdout = process.StandardOutput.ReadToEndAsync(cancel);
            var stderr = await process.StandardError.ReadToEndAsync(cancel);
            await process.WaitForExitAsync(cancel);
            Assert.True(process.ExitCode == 0, $"python3 -m unittest tools/train/test_resume_check.py exited {process.ExitCode}:\n{stderr}{await stdout}");
            Assert.Contains("Ran 5 tests", stderr, StringComparison.Ordinal);
        }
    }
}
