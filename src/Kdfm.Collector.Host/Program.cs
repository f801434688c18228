using Kdfm.Collector.Host.Cli;
using Kdfm.Collector.Host.Service;
using Kdfm.Snmp.Transport;

NoListeningSocket.EnsureFor(args);
SocketEngine.PreferInlineCompletions();
return await CollectorCommand.InvokeAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
