using System.Diagnostics;

namespace Kdfm.Testing;

/// <summary>
/// Waits for a condition instead of sleeping and sampling: polls it (every 20 ms by default) until it holds or the
/// deadline passes, then fails with what was last seen. The deadline is generous because the suite runs projects in
/// parallel on two cores; a condition that holds returns at once, so the deadline costs nothing when all is well.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    /// <summary>Until <paramref name="condition"/> is true; throws <see cref="TimeoutException"/> naming <paramref name="what"/>.</summary>
    public static Task True(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        True(() => Task.FromResult(condition()), what, deadline);

    /// <summary>Until the asynchronous <paramref name="condition"/> is true.</summary>
    public static async Task True(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? DefaultDeadline;
        var watch = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"after {limit.TotalSeconds:F0} s, still not: {what}");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>Until the asynchronous <paramref name="condition"/> is true; <paramref name="what"/> is asked only on failure (it may quote a process's output).</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan deadline, Func<string> what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (watch.Elapsed > deadline)
            {
                throw new TimeoutException($"after {deadline.TotalSeconds:F0} s, still not: {what()}");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Until <paramref name="sample"/> gives a value <paramref name="accept"/> takes, and returns it; on timeout, throws
    /// with the last value seen.
    /// </summary>
    public static async Task<T> Value<T>(Func<Task<T>> sample, Func<T, bool> accept, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? DefaultDeadline;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var value = await sample().ConfigureAwait(false);
            if (accept(value))
            {
                return value;
            }

            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"after {limit.TotalSeconds:F0} s, still not: {what} (last seen: {value})");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>Until <paramref name="assertion"/> stops throwing; on timeout, its last exception escapes.</summary>
    public static async Task Assert(Action assertion, TimeSpan? deadline = null)
    {
        var limit = deadline ?? DefaultDeadline;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (watch.Elapsed <= limit)
            {
                // not yet: the assertion's own exception is thrown once the deadline has passed
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }
}
