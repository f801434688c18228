using Kdfm.Simulator;

return await SimulatorCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
