namespace Kdfm.Hub.Portal.Fleet;

/// <summary>One page of the devices list, and how many devices the filters match in all.</summary>
public sealed record DevicePage(IReadOnlyList<DeviceRow> Rows, int Total, int Page)
{
    public int Pages => Math.Max(1, (Total + DeviceQuery.PageSize - 1) / DeviceQuery.PageSize);
}
