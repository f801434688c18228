namespace Kdfm.Simulator.Fleet;

/// <summary>Bad simulator configuration, naming the option at fault.</summary>
internal sealed class FleetConfigurationException(string option, string problem) : Exception($"{option}: {problem}")
{
    public string Option { get; } = option;
}
