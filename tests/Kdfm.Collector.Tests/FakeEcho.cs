using System.Net;
using Kdfm.Collector.Icmp;

namespace Kdfm.Collector.Tests;

/// <summary>An <see cref="IEchoSender"/> that answers as the test says (a failure injected, replies counted), sending nothing.</summary>
internal sealed class FakeEcho(Func<IPAddress, int, Task<Echo>> answer) : IEchoSender
{
    private int _sent;

    public int Sent => Volatile.Read(ref _sent);

    public static FakeEcho Always(string status) => new((_, size) => Task.FromResult(new Echo(status, status == Echo.Success ? 0.25 : 0, size)));

    public static FakeEcho Throwing(Exception failure) => new((_, _) => Task.FromException<Echo>(failure));

    public Task<Echo> SendAsync(IPAddress address, int payloadBytes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sent);
        return answer(address, payloadBytes);
    }
}
