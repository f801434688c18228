using Kdfm.Collector.Host.Cli;
using Kdfm.Snmp.Transport;

SocketEngine.PreferInlineCompletions();
return await CollectorCommand.InvokeAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
