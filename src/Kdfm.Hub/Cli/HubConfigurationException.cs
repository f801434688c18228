namespace Kdfm.Hub.Cli;

internal sealed class HubConfigurationException(string message) : Exception(message);
