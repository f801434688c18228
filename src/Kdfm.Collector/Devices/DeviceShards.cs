using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;

namespace Kdfm.Collector.Devices;

/// <summary>
/// How devices are sharded: the entity id is the device key, messages travel in a <see cref="ShardingEnvelope"/> (unwrapped by the base class), and a
/// key's shard is its hash among <see cref="Shards"/> (ten times the nodes a large site would run, so that shards spread
/// evenly and a node that leaves hands over in small pieces). Also the <c>ActorRegistry</c> key of the device shard region.
/// </summary>
public sealed class DeviceShards() : HashCodeMessageExtractor(Shards)
{
    public const int Shards = 100;

    /// <summary>The region's type name (and the prefix of its remember-entities persistence ids).</summary>
    public const string TypeName = "device";

    /// <summary>
    /// Remember-entities in the journal (eventsourced), coordinator state in Distributed Data: a device entity is restarted
    /// wherever its shard goes, after a node loss or a full cluster restart, with no message, and polls on its timer. A
    /// rebalance stops an entity with <see cref="DeviceActor.Stop"/>, which finishes a read in flight first. Idle
    /// passivation stays off: a device between polls is idle by nature, and a passivated entity would be forgotten by
    /// remember-entities (no one would restart it after a node loss); devices stay in memory, lean (DeviceState.Kept).
    /// </summary>
    public static ShardOptions Options => new()
    {
        RememberEntities = true,
        RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
        StateStoreMode = StateStoreMode.DData,
        HandOffStopMessage = new DeviceActor.Stop(),
        ShouldPassivateIdleEntities = false,
    };

    /// <summary>Every device message comes in a <see cref="ShardingEnvelope"/>, which the base class unwraps itself: nothing else is routed.</summary>
    public override string? EntityId(object message) => null;
}
