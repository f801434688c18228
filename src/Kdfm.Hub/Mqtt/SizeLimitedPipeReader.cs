using System.Buffers;
using System.IO.Pipelines;

namespace Kdfm.Hub.Mqtt;

/// <summary>
/// The connection's input as MQTTnet reads it, with every new byte shown to a <see cref="MqttPacketSizeGuard"/> first: a
/// packet announced bigger than the limit fails the read at once (MQTTnet then ends the session), so the broker never
/// buffers more than the limit of one client.
/// </summary>
internal sealed class SizeLimitedPipeReader(PipeReader inner, MqttPacketSizeGuard guard, Action<MqttPacketRefusedException> refused) : PipeReader
{
    private ReadOnlySequence<byte> _last;
    private long _lastStart; // stream offset of _last's first byte
    private long _inspected; // stream offset up to which the guard has seen the bytes

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
        Inspect(result.Buffer);
        return result;
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
        {
            return false;
        }

        Inspect(result.Buffer);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _lastStart += _last.Slice(_last.Start, consumed).Length;
        _last = default;
        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    private void Inspect(ReadOnlySequence<byte> buffer)
    {
        _last = buffer;
        long fresh = _lastStart + buffer.Length - _inspected;
        if (fresh <= 0)
        {
            return;
        }

        foreach (var segment in buffer.Slice(buffer.Length - fresh))
        {
            var check = guard.Feed(segment.Span);
            if (check != MqttPacketCheck.Fits)
            {
                // The caller never sees this buffer: give it back before failing the read.
                inner.AdvanceTo(buffer.Start, buffer.End);
                _last = default;
                var refusal = new MqttPacketRefusedException(check, guard.LastPacketBytes, guard.MaxPacketBytes);
                refused(refusal);
                throw refusal;
            }
        }

        _inspected += fresh;
    }
}
