using System.CommandLine;
using Kdfm.Hub;
using Kdfm.Hub.Cli;

var output = Console.Out;
var error = Console.Error;
var root = new RootCommand("kdfm-hub: the Kdfm hub (agents' gRPC services, MQTT broker, storage, read API)")
{
    ServeCommand.Create(output, error),
    CodesCommand.Create(output, error),
    TenantsCommand.Create(output, error),
    UsersCommand.Create(output, error),
    TokensCommand.Create(output, error),
};
root.SetAction(result => ServeCommand.Create(output, error).Parse([]).InvokeAsync());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
