using System.Collections.Immutable;
using Kdfm.Hub.Storage;

namespace Kdfm.Hub.Agents;

/// <summary>An upload judged (<see cref="UploadCheck"/>): what the store is to do, and what the agent is to hear.</summary>
/// <param name="Answers">Every refusal of the upload, new or remembered, in the upload's order, each sequence once.</param>
/// <param name="RefusedAgain">The remembered ones among them (refused by an earlier upload).</param>
public sealed record CheckedUpload(IngestBatch Batch, ImmutableArray<ReadingRefusal> Answers, ImmutableArray<ReadingRefusal> RefusedAgain);
