using Kdfm.Hub.Storage;

namespace Kdfm.Hub.Access;

/// <summary>The tenant tree (pure): which tenants lie under one, and the path from a root down to one.</summary>
public sealed class TenantTree
{
    private readonly Dictionary<int, Tenant> _byId;
    private readonly ILookup<int?, Tenant> _children;

    public TenantTree(IEnumerable<Tenant> tenants)
    {
        _byId = tenants.ToDictionary(t => t.Id);
        _children = _byId.Values.ToLookup(t => t.ParentId);
    }

    public Tenant? this[int id] => _byId.GetValueOrDefault(id);

    public IEnumerable<Tenant> All => _byId.Values;

    /// <summary><paramref name="root"/> and every tenant below it.</summary>
    public IReadOnlySet<int> Subtree(int root)
    {
        var seen = new HashSet<int>();
        var next = new Stack<int>([root]);
        while (next.TryPop(out int id))
        {
            if (_byId.ContainsKey(id) && seen.Add(id))
            {
                foreach (var child in _children[id])
                {
                    next.Push(child.Id);
                }
            }
        }

        return seen;
    }

    /// <summary>The tenants from the root down to <paramref name="id"/> (a dealer, a customer, a site).</summary>
    public IReadOnlyList<Tenant> PathTo(int id)
    {
        var path = new List<Tenant>();
        for (var tenant = this[id]; tenant is not null && path.Count < 16; tenant = tenant.ParentId is { } parent ? this[parent] : null)
        {
            path.Insert(0, tenant);
        }

        return path;
    }

    /// <summary>The first tenant on the path to <paramref name="id"/> that <paramref name="rule"/> holds for (a tenant's own setting, else its parents').</summary>
    public Tenant? Nearest(int id, Func<Tenant, bool> rule) => PathTo(id).LastOrDefault(rule);
}
