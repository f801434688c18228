using Kdfm.Hub.Access;
using Kdfm.Hub.Agents;
using Kdfm.Hub.Portal.Fleet;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages;

/// <summary>
/// The agents (<see cref="AgentOverview"/>): status, tasks, enrolment codes; with manage agents, the actions
/// (<see cref="AgentActions"/>, the API's own): codes created and expired, poll now, rescan, set-config from a form whose
/// secrets are write-only, revoke after a confirmation. Each action answers with this page and a notice.
/// </summary>
[Authorize(Policy = FleetPolicies.ViewFleet)]
public sealed class AgentsModel(ActorAccessor actors, AgentOverview overview, AgentActions actions, HandlerPermission permission, TimeProvider clock) : PageModel
{
    public IReadOnlyList<AgentOverview.Agent> Agents { get; private set; } = [];

    public IReadOnlyList<AgentOverview.Code> Codes { get; private set; } = [];

    public IReadOnlyList<string> EnrollableTenants { get; private set; } = [];

    public bool CanManage { get; private set; }

    public DateTimeOffset Now { get; private set; }

    /// <summary>A code just made: shown once, here.</summary>
    public Enrolment.Created? CreatedCode { get; private set; }

    public string? Notice { get; private set; }

    public string? Problem { get; private set; }

    [BindProperty]
    public SetConfigForm Config { get; set; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken).ConfigureAwait(false);

    public Task<IActionResult> OnPostCodeAsync(string? tenant, CancellationToken cancellationToken) => ActAsync(async actor =>
    {
        var (created, refusal) = await actions.CreateCodeAsync(actor, tenant, cancellationToken).ConfigureAwait(false);
        CreatedCode = created;
        return (refusal?.Message, created is null ? null : $"Enrolment code for {created.Tenant} created.");
    }, cancellationToken);

    public Task<IActionResult> OnPostExpireAsync(string code, CancellationToken cancellationToken) => ActAsync(async actor =>
        (await actions.ExpireCodeAsync(actor, code, cancellationToken).ConfigureAwait(false))?.Message is { } problem ? (problem, null) : (null, $"Code {code} expired."),
        cancellationToken);

    public Task<IActionResult> OnPostTaskAsync(string agent, string kind, CancellationToken cancellationToken) => ActAsync(async actor =>
    {
        var (task, refusal) = await actions.CreateTaskAsync(actor, agent, kind, null, cancellationToken).ConfigureAwait(false);
        return (refusal?.Message, task is null ? null : $"Task {task.Kind} sent to {agent} ({task.Id}).");
    }, cancellationToken);

    public Task<IActionResult> OnPostConfigAsync(string agent, CancellationToken cancellationToken) => ActAsync(async actor =>
    {
        var (config, problem) = Config.ToConfig();
        if (config is null)
        {
            return (problem, null);
        }

        var (task, refusal) = await actions.CreateTaskAsync(actor, agent, Kdfm.Agent.TaskKinds.Name(Kdfm.Agent.V1.TaskKind.SetConfig), config, cancellationToken)
            .ConfigureAwait(false);
        return (refusal?.Message, task is null ? null : $"New configuration sent to {agent} ({task.Id}); its secrets are kept only until the agent takes it.");
    }, cancellationToken);

    public Task<IActionResult> OnPostRevokeAsync(string agent, bool confirm, CancellationToken cancellationToken) => ActAsync(async actor =>
    {
        if (!confirm)
        {
            return ($"Tick the confirmation to revoke {agent}.", null);
        }

        return (await actions.RevokeAsync(actor, agent, cancellationToken).ConfigureAwait(false))?.Message is { } problem
            ? (problem, null)
            : (null, $"{agent} revoked: it can no longer poll, upload or connect; it needs a new enrolment code to come back.");
    }, cancellationToken);

    /// <summary>An action of manage agents (refused and audited without it), then this page with its outcome.</summary>
    private async Task<IActionResult> ActAsync(Func<Actor, Task<(string? Problem, string? Notice)>> action, CancellationToken cancellationToken)
    {
        if (await permission.RequireAsync(Permission.ManageAgents, cancellationToken).ConfigureAwait(false) is not { } actor)
        {
            return Forbid();
        }

        (Problem, Notice) = await action(actor).ConfigureAwait(false);
        Config = new SetConfigForm(); // never rendered back: its secrets are write-only
        ModelState.Clear();
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        Now = clock.GetUtcNow();
        CanManage = actor.Can(Permission.ManageAgents);
        Agents = await overview.AgentsAsync(actor, cancellationToken).ConfigureAwait(false);
        if (CanManage)
        {
            Codes = await overview.LiveCodesAsync(actor, cancellationToken).ConfigureAwait(false);
            EnrollableTenants = await overview.EnrollableTenantsAsync(actor, cancellationToken).ConfigureAwait(false);
        }
    }
}
