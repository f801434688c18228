using Kdfm.Simulator;
using Kdfm.Snmp.Transport;

SocketEngine.PreferInlineCompletions();
return await SimulatorCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
