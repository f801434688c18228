using Kdfm.Collector.Host.Cli;

return await CollectorCommand.InvokeAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
