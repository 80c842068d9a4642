using PruneBench.Harness.Commands;

return CliApplication.Run(args, Console.Out, Console.Error);
