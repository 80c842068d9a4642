using System.Diagnostics;
using PruneBench.Harness.Leaderboard;
using PruneBench.Harness.Sweeps;
using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Results;

/// <summary>Scratch output must not show up in <c>git status</c>: every default output folder is ignored.</summary>
public sealed class DefaultOutputFoldersTests
{
    public static TheoryData<string> Folders()
    {
        var folders = new TheoryData<string>("results/run", "results/bench", "results/demo", SweepSource.DefaultOutput, LeaderboardService.DefaultOutput);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "samples", "sweeps")).Order(StringComparer.Ordinal))
        {
            if (SweepFileReader.Read(file).Output is { } output)
            {
                folders.Add(output);
            }
        }

        return folders;
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void A_default_output_folder_is_ignored_by_git(string folder)
    {
        if (!Directory.Exists(Path.Combine(RepositoryPaths.Root, ".git")) && !File.Exists(Path.Combine(RepositoryPaths.Root, ".git")))
        {
            Assert.Skip("Not a git checkout.");
        }

        var info = new ProcessStartInfo("git", ["check-ignore", "-q", $"{folder}/results.csv"]) { WorkingDirectory = RepositoryPaths.Root, UseShellExecute = false };
        using var git = Process.Start(info)!;
        git.WaitForExit();

        Assert.True(git.ExitCode == 0, $"{folder}/results.csv is not ignored by git (add /{folder}/ to .gitignore).");
    }

    [Fact]
    public void The_lock_files_a_killed_writer_leaves_are_ignored_by_git()
    {
        foreach (var name in new[] { Harness.Results.OutputLock.LockName, Harness.Results.OutputLock.HolderName })
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["check-ignore", "-q", $"results/synth-cpu/{name}"]) { WorkingDirectory = RepositoryPaths.Root, UseShellExecute = false })!;
            git.WaitForExit();
            Assert.True(git.ExitCode == 0, $"{name} is not ignored by git.");
        }
    }
}
