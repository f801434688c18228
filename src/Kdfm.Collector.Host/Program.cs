using Kdfm.Collector.Host.Cli;
using Kdfm.Collector.Host.Service;
using Kdfm.Snmp.Transport;

NoListeningSocket.EnsureFor(args);
SocketEngine.PreferInlineCompletions();
using var termination = new Termination();
return await CollectorCommand.InvokeAsync(args, Console.Out, Console.Error, termination.Token, () => termination.ExitCode).ConfigureAwait(false);
