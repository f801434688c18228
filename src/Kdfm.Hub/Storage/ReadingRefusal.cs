namespace Kdfm.Hub.Storage;

/// <summary>
/// One reading refused for good, as answered and remembered (<see cref="Refusal"/>).
/// </summary>
/// <param name="Code">One of <c>Kdfm.Agent.RefusalCodes</c>.</param>
/// <param name="Reason">For people; at most <see cref="Refusal.MaxReasonLength"/> characters.</param>
public sealed record ReadingRefusal(long Sequence, string Code, string Reason);
