using System.CommandLine;
using PruneBench.Harness.Separation;

namespace PruneBench.Harness.Commands;

/// <summary><c>prunebench separation</c>.</summary>
public static class SeparationCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var inputs = new Argument<string[]>("results") { Description = "Result CSVs or folders holding them (with their .predictions.jsonl).", Arity = ArgumentArity.OneOrMore };
        var budget = new Option<double>("--budget") { Description = "Budget (requested mean retention) whose runs are compared.", DefaultValueFactory = _ => 0.25 };
        var alpha = new Option<double>("--alpha") { Description = "Significance level of the paired tests.", DefaultValueFactory = _ => 0.01 };
        var spread = new Option<double>("--min-spread") { Description = "Smallest best − worst accuracy difference, as a fraction.", DefaultValueFactory = _ => 0.10 };
        var queryAware = new Option<string[]>("--query-aware") { Description = $"Methods counted as query-aware (default {string.Join(",", SeparationCriteria.BuiltinQueryAware)}).", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string?>("--out", "-o") { Description = $"Folder to write {SeparationService.MarkdownName} into (default: print only)." };
        var command = new Command("separation", """
            Does the leaderboard separate the methods? At one budget, per model: every method setting against the
            baseline and against random on the same samples (exact McNemar), with 95 % Wilson intervals, and whether
            (1) random is below the baseline, (2) a query-aware method is above random (both p < alpha) and (3) the
            best and worst settings differ by at least --min-spread. Needs the per-sample predictions the demo and
            sweeps write beside results.csv.

            Examples:
              prunebench separation results/demo
              prunebench separation results/demo --budget 0.5 -o results/demo
            """)
        {
            inputs, budget, alpha, spread, queryAware, output,
        };
        command.SetAction(p => CommandGuard.Run(p, (o, _) => SeparationService.Run(
            p.GetValue(inputs) ?? [],
            new SeparationCriteria(p.GetValue(budget), p.GetValue(alpha), p.GetValue(spread),
                p.GetValue(queryAware) is { Length: > 0 } q ? q.SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray() : null),
            p.GetValue(output), o)));
        return command;
    }
}
