using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace SmartGov.Crypto;

/// <summary>
/// SM3 (GB/T 32905-2016) in managed code, without allocations: an incremental state over a 64-byte block buffer and
/// the compression function CF of §5.3 with all 64 rounds unrolled. The rounds keep the eight registers in place and
/// rename them instead of moving them (round j+1 uses D,A,B,C,H,E,F,G of round j), the message expansion of §5.3.2 runs
/// sixteen words ahead in a ring of locals, and T_j &lt;&lt;&lt; (j mod 32) is a constant per round.
/// </summary>
/// <remarks>The fallback when libcrypto is missing: 2–3 times BouncyCastle's SM3Digest on 16 KiB blocks, about two thirds
/// of OpenSSL's C code on the development machine.</remarks>
internal struct Sm3Managed
{
    private const int BlockSize = 64;

    private State _state;
    private Block _buffer;
    private int _buffered;
    private ulong _length;

    public static Sm3Managed Create()
    {
        var s = default(Sm3Managed);
        s._state[0] = 0x7380166f;
        s._state[1] = 0x4914b2b9;
        s._state[2] = 0x172442d7;
        s._state[3] = 0xda8a0600;
        s._state[4] = 0xa96f30bc;
        s._state[5] = 0x163138aa;
        s._state[6] = 0xe38dee4d;
        s._state[7] = 0xb0fb0e4e;
        return s;
    }

    /// <summary>SM3 of <paramref name="data"/> into the first 32 bytes of <paramref name="destination"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var s = Create();
        s.Append(data);
        s.Finish(destination);
    }

    /// <summary>SM3 of one byte followed by <paramref name="data"/> (the RFC 6962 leaf and node prefixes), without a copy.</summary>
    public static void HashPrefixed(byte prefix, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var s = Create();
        s.Append(new ReadOnlySpan<byte>(in prefix));
        s.Append(data);
        s.Finish(destination);
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        _length += (ulong)data.Length;
        Span<byte> buffer = _buffer;
        if (_buffered > 0)
        {
            var take = Math.Min(BlockSize - _buffered, data.Length);
            data[..take].CopyTo(buffer[_buffered..]);
            _buffered += take;
            data = data[take..];
            if (_buffered < BlockSize)
            {
                return;
            }
            Compress(_state, buffer);
            _buffered = 0;
        }
        while (data.Length >= BlockSize)
        {
            Compress(_state, data[..BlockSize]);
            data = data[BlockSize..];
        }
        if (data.Length > 0)
        {
            data.CopyTo(buffer);
            _buffered = data.Length;
        }
    }

    /// <summary>Pads (GB/T 32905 §5.2), compresses the last block(s) and writes the 32-byte digest.</summary>
    public void Finish(Span<byte> destination)
    {
        if (destination.Length < Sm3.HashSizeInBytes)
        {
            throw new ArgumentException($"The destination must hold {Sm3.HashSizeInBytes} bytes.", nameof(destination));
        }
        Span<byte> buffer = _buffer;
        var bits = _length * 8;
        buffer[_buffered++] = 0x80;
        if (_buffered > BlockSize - 8)
        {
            buffer[_buffered..].Clear();
            Compress(_state, buffer);
            _buffered = 0;
        }
        buffer[_buffered..(BlockSize - 8)].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(buffer[(BlockSize - 8)..], bits);
        Compress(_state, buffer);
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(i * 4, 4), _state[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Rol(uint x, int n) => BitOperations.RotateLeft(x, n);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint P0(uint x) => x ^ BitOperations.RotateLeft(x, 9) ^ BitOperations.RotateLeft(x, 17);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint P1(uint x) => x ^ BitOperations.RotateLeft(x, 15) ^ BitOperations.RotateLeft(x, 23);

    /// <summary>CF(V, B) of GB/T 32905 §5.3.3; <paramref name="state"/> is V, updated in place.</summary>
    private static void Compress(Span<uint> state, ReadOnlySpan<byte> block)
    {
        unchecked
        {
            uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
            uint w0 = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(0, 4));
            uint w1 = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(4, 4));
            uint w2 = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(8, 4));
            uint w3 = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(12, 4));
            uint w4 = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(16, 4));
            uint w5 = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(20, 4));
            uint w6 = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(24, 4));
            uint w7 = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(28, 4));
            uint w8 = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(32, 4));
            uint w9 = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(36, 4));
            uint w10 = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(40, 4));
            uint w11 = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(44, 4));
            uint w12 = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(48, 4));
            uint w13 = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(52, 4));
            uint w14 = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(56, 4));
            uint w15 = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(60, 4));
            uint ss1, tt1, tt2, a12;
            // round 0
            a12 = Rol(a, 12);
            ss1 = Rol(a12 + e + 0x79cc4519u, 7);
            tt1 = (a ^ b ^ c) + d + (ss1 ^ a12) + (w0 ^ w4);
            tt2 = (e ^ f ^ g) + h + ss1 + w0;
            b = Rol(b, 9);
            d = tt1;
            f = Rol(f, 19);
            h = P0(tt2);
            // round 1
            a12 = Rol(d, 12);
            ss1 = Rol(a12 + h + 0xf3988a32u, 7);
            tt1 = (d ^ a ^ b) + c + (ss1 ^ a12) + (w1 ^ w5);
            tt2 = (h ^ e ^ f) + g + ss1 + w1;
            a = Rol(a, 9);
            c = tt1;
            e = Rol(e, 19);
            g = P0(tt2);
            // round 2
            a12 = Rol(c, 12);
            ss1 = Rol(a12 + g + 0xe7311465u, 7);
            tt1 = (c ^ d ^ a) + b + (ss1 ^ a12) + (w2 ^ w6);
            tt2 = (g ^ h ^ e) + f + ss1 + w2;
            d = Rol(d, 9);
            b = tt1;
            h = Rol(h, 19);
            f = P0(tt2);
            // round 3
            a12 = Rol(b, 12);
            ss1 = Rol(a12 + f + 0xce6228cbu, 7);
            tt1 = (b ^ c ^ d) + a + (ss1 ^ a12) + (w3 ^ w7);
            tt2 = (f ^ g ^ h) + e + ss1 + w3;
            c = Rol(c, 9);
            a = tt1;
            g = Rol(g, 19);
            e = P0(tt2);
            // round 4
            a12 = Rol(a, 12);
            ss1 = Rol(a12 + e + 0x9cc45197u, 7);
            tt1 = (a ^ b ^ c) + d + (ss1 ^ a12) + (w4 ^ w8);
            tt2 = (e ^ f ^ g) + h + ss1 + w4;
            b = Rol(b, 9);
            d = tt1;
            f = Rol(f, 19);
            h = P0(tt2);
            // round 5
            a12 = Rol(d, 12);
            ss1 = Rol(a12 + h + 0x3988a32fu, 7);
            tt1 = (d ^ a ^ b) + c + (ss1 ^ a12) + (w5 ^ w9);
            tt2 = (h ^ e ^ f) + g + ss1 + w5;
            a = Rol(a, 9);
            c = tt1;
            e = Rol(e, 19);
            g = P0(tt2);
            // round 6
            a12 = Rol(c, 12);
            ss1 = Rol(a12 + g + 0x7311465eu, 7);
            tt1 = (c ^ d ^ a) + b + (ss1 ^ a12) + (w6 ^ w10);
            tt2 = (g ^ h ^ e) + f + ss1 + w6;
            d = Rol(d, 9);
            b = tt1;
            h = Rol(h, 19);
            f = P0(tt2);
            // round 7
            a12 = Rol(b, 12);
            ss1 = Rol(a12 + f + 0xe6228cbcu, 7);
            tt1 = (b ^ c ^ d) + a + (ss1 ^ a12) + (w7 ^ w11);
            tt2 = (f ^ g ^ h) + e + ss1 + w7;
            c = Rol(c, 9);
            a = tt1;
            g = Rol(g, 19);
            e = P0(tt2);
            // round 8
            a12 = Rol(a, 12);
            ss1 = Rol(a12 + e + 0xcc451979u, 7);
            tt1 = (a ^ b ^ c) + d + (ss1 ^ a12) + (w8 ^ w12);
            tt2 = (e ^ f ^ g) + h + ss1 + w8;
            b = Rol(b, 9);
            d = tt1;
            f = Rol(f, 19);
            h = P0(tt2);
            // round 9
            a12 = Rol(d, 12);
            ss1 = Rol(a12 + h + 0x988a32f3u, 7);
            tt1 = (d ^ a ^ b) + c + (ss1 ^ a12) + (w9 ^ w13);
            tt2 = (h ^ e ^ f) + g + ss1 + w9;
            a = Rol(a, 9);
            c = tt1;
            e = Rol(e, 19);
            g = P0(tt2);
            // round 10
            a12 = Rol(c, 12);
            ss1 = Rol(a12 + g + 0x311465e7u, 7);
            tt1 = (c ^ d ^ a) + b + (ss1 ^ a12) + (w10 ^ w14);
            tt2 = (g ^ h ^ e) + f + ss1 + w10;
            d = Rol(d, 9);
            b = tt1;
            h = Rol(h, 19);
            f = P0(tt2);
            // round 11
            a12 = Rol(b, 12);
            ss1 = Rol(a12 + f + 0x6228cbceu, 7);
            tt1 = (b ^ c ^ d) + a + (ss1 ^ a12) + (w11 ^ w15);
            tt2 = (f ^ g ^ h) + e + ss1 + w11;
            c = Rol(c, 9);
            a = tt1;
            g = Rol(g, 19);
            e = P0(tt2);
            w0 = P1(w0 ^ w7 ^ Rol(w13, 15)) ^ Rol(w3, 7) ^ w10;
            // round 12
            a12 = Rol(a, 12);
            ss1 = Rol(a12 + e + 0xc451979cu, 7);
            tt1 = (a ^ b ^ c) + d + (ss1 ^ a12) + (w12 ^ w0);
            tt2 = (e ^ f ^ g) + h + ss1 + w12;
            b = Rol(b, 9);
            d = tt1;
            f = Rol(f, 19);
            h = P0(tt2);
            w1 = P1(w1 ^ w8 ^ Rol(w14, 15)) ^ Rol(w4, 7) ^ w11;
            // round 13
            a12 = Rol(d, 12);
            ss1 = Rol(a12 + h + 0x88a32f39u, 7);
            tt1 = (d ^ a ^ b) + c + (ss1 ^ a12) + (w13 ^ w1);
            tt2 = (h ^ e ^ f) + g + ss1 + w13;
            a = Rol(a, 9);
            c = tt1;
            e = Rol(e, 19);
            g = P0(tt2);
            w2 = P1(w2 ^ w9 ^ Rol(w15, 15)) ^ Rol(w5, 7) ^ w12;
            // round 14
            a12 = Rol(c, 12);
            ss1 = Rol(a12 + g + 0x11465e73u, 7);
            tt1 = (c ^ d ^ a) + b + (ss1 ^ a12) + (w14 ^ w2);
            tt2 = (g ^ h ^ e) + f + ss1 + w14;
            d = Rol(d, 9);
            b = tt1;
            h = Rol(h, 19);
            f = P0(tt2);
            w3 = P1(w3 ^ w10 ^ Rol(w0, 15)) ^ Rol(w6, 7) ^ w13;
            // round 15
            a12 = Rol(b, 12);
            ss1 = Rol(a12 + f + 0x228cbce6u, 7);
            tt1 = (b ^ c ^ d) + a + (ss1 ^ a12) + (w15 ^ w3);
            tt2 = (f ^ g ^ h) + e + ss1 + w15;
            c = Rol(c, 9);
            a = tt1;
            g = Rol(g, 19);
            e = P0(tt2);
            w4 = P1(w4 ^ w11 ^ Rol(w1, 15)) ^ Rol(w7, 7) ^ w14;
            // round 16
            a12 = Rol(a, 12);
            ss1 = Rol(a12 + e + 0x9d8a7a87u, 7);
            tt1 = ((a & b) | (c & (a | b))) + d + (ss1 ^ a12) + (w0 ^ w4);
            tt2 = (((f ^ g) & e) ^ g) + h + ss1 + w0;
            b = Rol(b, 9);
            d = tt1;
            f = Rol(f, 19);
            h = P0(tt2);
            w5 = P1(w5 ^ w12 ^ Rol(w2, 15)) ^ Rol(w8, 7) ^ w15;
            // round 17
            a12 = Rol(d, 12);
            ss1 = Rol(a12 + h + 0x3b14f50fu, 7);
            tt1 = ((d & a) | (b & (d | a))) + c + (ss1 ^ a12) + (w1 ^ w5);
            tt2 = (((e ^ f) & h) ^ f) + g + ss1 + w1;
            a = Rol(a, 9);
            c = tt1;
            e = Rol(e, 19);
            g = P0(tt2);
            w6 = P1(w6 ^ w13 ^ Rol(w3, 15)) ^ Rol(w9, 7) ^ w0;
            // round 18
            a12 = Rol(c, 12);
            ss1 = Rol(a12 + g + 0x7629ea1eu, 7);
            tt1 = ((c & d) | (a & (c | d))) + b + (ss1 ^ a12) + (w2 ^ w6);
            tt2 = (((h ^ e) & g) ^ e) + f + ss1 + w2;
            d = Rol(d, 9);
            b = tt1;
            h = Rol(h, 19);
            f = P0(tt2);
            w7 = P1(w7 ^ w14 ^ Rol(w4, 15)) ^ Rol(w10, 7) ^ w1;
            // round 19
            a12 = Rol(b, 12);
            ss1 = Rol(a12 + f + 0xec53d43cu, 7);
            tt1 = ((b & c) | (d & (b | c))) + a + (ss1 ^ a12) + (w3 ^ w7);
            tt2 = (((g ^ h) & f) ^ h) + e + ss1 + w3;
            c = Rol(c, 9);
            a = tt1;
            g = Rol(g, 19);
            e = P0(tt2);
            w8 = P1(w8 ^ w15 ^ Rol(w5, 15)) ^ Rol(w11, 7) ^ w2;
            // round 20
            a12 = Rol(a, 12);
            ss1 = Rol(a12 + e + 0xd8a7a879u, 7);
            tt1 = ((a & b) | (c & (a | b))) + d + (ss1 ^ a12) + (w4 ^ w8);
            tt2 = (((f ^ g) & e) ^ g) + h + ss1 + w4;
            b = Rol(b, 9);
            d = tt1;
            f = Rol(f, 19);
            h = P0(tt2);
            w9 = P1(w9 ^ w0 ^ Rol(w6, 15)) ^ Rol(w12, 7) ^ w3;
            // round 21
            a12 = Rol(d, 12);
            ss1 = Rol(a12 + h + 0xb14f50f3u, 7);
            tt1 = ((d & a) | (b & (d | a))) + c + (ss1 ^ a12) + (w5 ^ w9);
            tt2 = (((e ^ f) & h) ^ f) + g + ss1 + w5;
            a = Rol(a, 9);
            c = tt1;
            e = Rol(e, 19);
            g = P0(tt2);
            w10 = P1(w10 ^ w1 ^ Rol(w7, 15)) ^ Rol(w13, 7) ^ w4;
            // round 22
            a12 = Rol(c, 12);
            ss1 = Rol(a12 + g + 0x629ea1e7u, 7);
            tt1 = ((c & d) | (a & (c | d))) + b + (ss1 ^ a12) + (w6 ^ w10);
            tt2 = (((h ^ e) & g) ^ e) + f + ss1 + w6;
            d = Rol(d, 9);
            b = tt1;
            h = Rol(h, 19);
            f = P0(tt2);
            w11 = P1(w11 ^ w2 ^ Rol(w8, 15)) ^ Rol(w14, 7) ^ w5;
            // round 23
            a12 = Rol(b, 12);
            ss1 = Rol(a12 + f + 0xc53d43ceu, 7);
            tt1 = ((b & c) | (d & (b | c))) + a + (ss1 ^ a12) + (w7 ^ w11);
            tt2 = (((g ^ h) & f) ^ h) + e + ss1 + w7;
            c = Rol(c, 9);
            a = tt1;
            g = Rol(g, 19);
            e = P0(tt2);
            w12 = P1(w12 ^ w3 ^ Rol(w9, 15)) ^ Rol(w15, 7) ^ w6;
            // round 24
            a12 = Rol(a, 12);
            ss1 = Rol(a12 + e + 0x8a7a879du, 7);
            tt1 = ((a & b) | (c & (a | b))) + d + (ss1 ^ a12) + (w8 ^ w12);
            tt2 = (((f ^ g) & e) ^ g) + h + ss1 + w8;
            b = Rol(b, 9);
            d = tt1;
            f = Rol(f, 19);
            h = P0(tt2);
            w13 = P1(w13 ^ w4 ^ Rol(w10, 15)) ^ Rol(w0, 7) ^ w7;
            // round 25
            a12 = Rol(d, 12);
            ss1 = Rol(a12 + h + 0x14f50f3bu, 7);
            tt1 = ((d & a) | (b & (d | a))) + c + (ss1 ^ a12) + (w9 ^ w13);
            tt2 = (((e ^ f) & h) ^ f) + g + ss1 + w9;
            a = Rol(a, 9);
            c = tt1;
            e = Rol(e, 19);
            g = P0(tt2);
            w14 = P1(w14 ^ w5 ^ Rol(w11, 15)) ^ Rol(w1, 7) ^ w8;
            // round 26
            a12 = Rol(c, 12);
            ss1 = Rol(a12 + g + 0x29ea1e76u, 7);
            tt1 = ((c & d) | (a & (c | d))) + b + (ss1 ^ a12) + (w10 ^ w14);
            tt2 = (((h ^ e) & g) ^ e) + f + ss1 + w10;
            d = Rol(d, 9);
            b = tt1;
            h = Rol(h, 19);
            f = P0(tt2);
            w15 = P1(w15 ^ w6 ^ Rol(w12, 15)) ^ Rol(w2, 7) ^ w9;
            // round 27
            a12 = Rol(b, 12);
            ss1 = Rol(a12 + f + 0x53d43cecu, 7);
            tt1 = ((b & c) | (d & (b | c))) + a + (ss1 ^ a12) + (w11 ^ w15);
            tt2 = (((g ^ h) & f) ^ h) + e + ss1 + w11;
            c = Rol(c, 9);
            a = tt1;
            g = Rol(g, 19);
            e = P0(tt2);
            w0 = P1(w0 ^ w7 ^ Rol(w13, 15)) ^ Rol(w3, 7) ^ w10;
            // round 28
            a12 = Rol(a, 12);
            ss1 = Rol(a12 + e + 0xa7a879d8u, 7);
            tt1 = ((a & b) | (c & (a | b))) + d + (ss1 ^ a12) + (w12 ^ w0);
            tt2 = (((f ^ g) & e) ^ g) + h + ss1 + w12;
            b = Rol(b, 9);
            d = tt1;
            f = Rol(f, 19);
            h = P0(tt2);
            w1 = P1(w1 ^ w8 ^ Rol(w14, 15)) ^ Rol(w4, 7) ^ w11;
            // round 29
            a12 = Rol(d, 12);
            ss1 = Rol(a12 + h + 0x4f50f3b1u, 7);
            tt1 = ((d & a) | (b & (d | a))) + c + (ss1 ^ a12) + (w13 ^ w1);
            tt2 = (((e ^ f) & h) ^ f) + g + ss1 + w13;
            a = Rol(a, 9);
            c = tt1;
            e = Rol(e, 19);
            g = P0(tt2);
            w2 = P1(w2 ^ w9 ^ Rol(w15, 15)) ^ Rol(w5, 7) ^ w12;
            // round 30
            a12 = Rol(c, 12);
            ss1 = Rol(a12 + g + 0x9ea1e762u, 7);
            tt1 = ((c & d) | (a & (c | d))) + b + (ss1 ^ a12) + (w14 ^ w2);
            tt2 = (((h ^ e) & g) ^ e) + f + ss1 + w14;
            d = Rol(d, 9);
            b = tt1;
            h = Rol(h, 19);
            f = P0(tt2);
            w3 = P1(w3 ^ w10 ^ Rol(w0, 15)) ^ Rol(w6, 7) ^ w13;
            // round 31
            a12 = Rol(b, 12);
            ss1 = Rol(a12 + f + 0x3d43cec5u, 7);
            tt1 = ((b & c) | (d & (b | c))) + a + (ss1 ^ a12) + (w15 ^ w3);
            tt2 = (((g ^ h) & f) ^ h) + e + ss1 + w15;
            c = Rol(c, 9);
            a = tt1;
            g = Rol(g, 19);
            e = P0(tt2);
            w4 = P1(w4 ^ w11 ^ Rol(w1, 15)) ^ Rol(w7, 7) ^ w14;
            // round 32
            a12 = Rol(a, 12);
            ss1 = Rol(a12 + e + 0x7a879d8au, 7);
            tt1 = ((a & b) | (c & (a | b))) + d + (ss1 ^ a12) + (w0 ^ w4);
            tt2 = (((f ^ g) & e) ^ g) + h + ss1 + w0;
            b = Rol(b, 9);
            d = tt1;
            f = Rol(f, 19);
            h = P0(tt2);
            w5 = P1(w5 ^ w12 ^ Rol(w2, 15)) ^ Rol(w8, 7) ^ w15;
            // round 33
            a12 = Rol(d, 12);
            ss1 = Rol(a12 + h + 0xf50f3b14u, 7);
            tt1 = ((d & a) | (b & (d | a))) + c + (ss1 ^ a12) + (w1 ^ w5);
            tt2 = (((e ^ f) & h) ^ f) + g + ss1 + w1;
            a = Rol(a, 9);
            c = tt1;
            e = Rol(e, 19);
            g = P0(tt2);
            w6 = P1(w6 ^ w13 ^ Rol(w3, 15)) ^ Rol(w9, 7) ^ w0;
            // round 34
            a12 = Rol(c, 12);
            ss1 = Rol(a12 + g + 0xea1e7629u, 7);
            tt1 = ((c & d) | (a & (c | d))) + b + (ss1 ^ a12) + (w2 ^ w6);
            tt2 = (((h ^ e) & g) ^ e) + f + ss1 + w2;
            d = Rol(d, 9);
            b = tt1;
            h = Rol(h, 19);
            f = P0(tt2);
            w7 = P1(w7 ^ w14 ^ Rol(w4, 15)) ^ Rol(w10, 7) ^ w1;
            // round 35
            a12 = Rol(b, 12);
            ss1 = Rol(a12 + f + 0xd43cec53u, 7);
            tt1 = ((b & c) | (d & (b | c))) + a + (ss1 ^ a12) + (w3 ^ w7);
            tt2 = (((g ^ h) & f) ^ h) + e + ss1 + w3;
            c = Rol(c, 9);
            a = tt1;
            g = Rol(g, 19);
            e = P0(tt2);
            w8 = P1(w8 ^ w15 ^ Rol(w5, 15)) ^ Rol(w11, 7) ^ w2;
            // round 36
            a12 = Rol(a, 12);
            ss1 = Rol(a12 + e + 0xa879d8a7u, 7);
            tt1 = ((a & b) | (c & (a | b))) + d + (ss1 ^ a12) + (w4 ^ w8);
            tt2 = (((f ^ g) & e) ^ g) + h + ss1 + w4;
            b = Rol(b, 9);
            d = tt1;
            f = Rol(f, 19);
            h = P0(tt2);
            w9 = P1(w9 ^ w0 ^ Rol(w6, 15)) ^ Rol(w12, 7) ^ w3;
            // round 37
            a12 = Rol(d, 12);
            ss1 = Rol(a12 + h + 0x50f3b14fu, 7);
            tt1 = ((d & a) | (b & (d | a))) + c + (ss1 ^ a12) + (w5 ^ w9);
            tt2 = (((e ^ f) & h) ^ f) + g + ss1 + w5;
            a = Rol(a, 9);
            c = tt1;
            e = Rol(e, 19);
            g = P0(tt2);
            w10 = P1(w10 ^ w1 ^ Rol(w7, 15)) ^ Rol(w13, 7) ^ w4;
            // round 38
            a12 = Rol(c, 12);
            ss1 = Rol(a12 + g + 0xa1e7629eu, 7);
            tt1 = ((c & d) | (a & (c | d))) + b + (ss1 ^ a12) + (w6 ^ w10);
            tt2 = (((h ^ e) & g) ^ e) + f + ss1 + w6;
            d = Rol(d, 9);
            b = tt1;
            h = Rol(h, 19);
            f = P0(tt2);
            w11 = P1(w11 ^ w2 ^ Rol(w8, 15)) ^ Rol(w14, 7) ^ w5;
            // round 39
            a12 = Rol(b, 12);
            ss1 = Rol(a12 + f + 0x43cec53du, 7);
            tt1 = ((b & c) | (d & (b | c))) + a + (ss1 ^ a12) + (w7 ^ w11);
            tt2 = (((g ^ h) & f) ^ h) + e + ss1 + w7;
            c = Rol(c, 9);
            a = tt1;
            g = Rol(g, 19);
            e = P0(tt2);
            w12 = P1(w12 ^ w3 ^ Rol(w9, 15)) ^ Rol(w15, 7) ^ w6;
            // round 40
            a12 = Rol(a, 12);
            ss1 = Rol(a12 + e + 0x879d8a7au, 7);
            tt1 = ((a & b) | (c & (a | b))) + d + (ss1 ^ a12) + (w8 ^ w12);
            tt2 = (((f ^ g) & e) ^ g) + h + ss1 + w8;
            b = Rol(b, 9);
            d = tt1;
            f = Rol(f, 19);
            h = P0(tt2);
            w13 = P1(w13 ^ w4 ^ Rol(w10, 15)) ^ Rol(w0, 7) ^ w7;
            // round 41
            a12 = Rol(d, 12);
            ss1 = Rol(a12 + h + 0x0f3b14f5u, 7);
            tt1 = ((d & a) | (b & (d | a))) + c + (ss1 ^ a12) + (w9 ^ w13);
            tt2 = (((e ^ f) & h) ^ f) + g + ss1 + w9;
            a = Rol(a, 9);
            c = tt1;
            e = Rol(e, 19);
            g = P0(tt2);
            w14 = P1(w14 ^ w5 ^ Rol(w11, 15)) ^ Rol(w1, 7) ^ w8;
            // round 42
            a12 = Rol(c, 12);
            ss1 = Rol(a12 + g + 0x1e7629eau, 7);
            tt1 = ((c & d) | (a & (c | d))) + b + (ss1 ^ a12) + (w10 ^ w14);
            tt2 = (((h ^ e) & g) ^ e) + f + ss1 + w10;
            d = Rol(d, 9);
            b = tt1;
            h = Rol(h, 19);
            f = P0(tt2);
            w15 = P1(w15 ^ w6 ^ Rol(w12, 15)) ^ Rol(w2, 7) ^ w9;
            // round 43
            a12 = Rol(b, 12);
            ss1 = Rol(a12 + f + 0x3cec53d4u, 7);
            tt1 = ((b & c) | (d & (b | c))) + a + (ss1 ^ a12) + (w11 ^ w15);
            tt2 = (((g ^ h) & f) ^ h) + e + ss1 + w11;
            c = Rol(c, 9);
            a = tt1;
            g = Rol(g, 19);
            e = P0(tt2);
            w0 = P1(w0 ^ w7 ^ Rol(w13, 15)) ^ Rol(w3, 7) ^ w10;
            // round 44
            a12 = Rol(a, 12);
            ss1 = Rol(a12 + e + 0x79d8a7a8u, 7);
            tt1 = ((a & b) | (c & (a | b))) + d + (ss1 ^ a12) + (w12 ^ w0);
            tt2 = (((f ^ g) & e) ^ g) + h + ss1 + w12;
            b = Rol(b, 9);
            d = tt1;
            f = Rol(f, 19);
            h = P0(tt2);
            w1 = P1(w1 ^ w8 ^ Rol(w14, 15)) ^ Rol(w4, 7) ^ w11;
            // round 45
            a12 = Rol(d, 12);
            ss1 = Rol(a12 + h + 0xf3b14f50u, 7);
            tt1 = ((d & a) | (b & (d | a))) + c + (ss1 ^ a12) + (w13 ^ w1);
            tt2 = (((e ^ f) & h) ^ f) + g + ss1 + w13;
            a = Rol(a, 9);
            c = tt1;
            e = Rol(e, 19);
            g = P0(tt2);
            w2 = P1(w2 ^ w9 ^ Rol(w15, 15)) ^ Rol(w5, 7) ^ w12;
            // round 46
            a12 = Rol(c, 12);
            ss1 = Rol(a12 + g + 0xe7629ea1u, 7);
            tt1 = ((c & d) | (a & (c | d))) + b + (ss1 ^ a12) + (w14 ^ w2);
            tt2 = (((h ^ e) & g) ^ e) + f + ss1 + w14;
            d = Rol(d, 9);
            b = tt1;
            h = Rol(h, 19);
            f = P0(tt2);
            w3 = P1(w3 ^ w10 ^ Rol(w0, 15)) ^ Rol(w6, 7) ^ w13;
            // round 47
            a12 = Rol(b, 12);
            ss1 = Rol(a12 + f + 0xcec53d43u, 7);
            tt1 = ((b & c) | (d & (b | c))) + a + (ss1 ^ a12) + (w15 ^ w3);
            tt2 = (((g ^ h) & f) ^ h) + e + ss1 + w15;
            c = Rol(c, 9);
            a = tt1;
            g = Rol(g, 19);
            e = P0(tt2);
            w4 = P1(w4 ^ w11 ^ Rol(w1, 15)) ^ Rol(w7, 7) ^ w14;
            // round 48
            a12 = Rol(a, 12);
            ss1 = Rol(a12 + e + 0x9d8a7a87u, 7);
            tt1 = ((a & b) | (c & (a | b))) + d + (ss1 ^ a12) + (w0 ^ w4);
            tt2 = (((f ^ g) & e) ^ g) + h + ss1 + w0;
            b = Rol(b, 9);
            d = tt1;
            f = Rol(f, 19);
            h = P0(tt2);
            w5 = P1(w5 ^ w12 ^ Rol(w2, 15)) ^ Rol(w8, 7) ^ w15;
            // round 49
            a12 = Rol(d, 12);
            ss1 = Rol(a12 + h + 0x3b14f50fu, 7);
            tt1 = ((d & a) | (b & (d | a))) + c + (ss1 ^ a12) + (w1 ^ w5);
            tt2 = (((e ^ f) & h) ^ f) + g + ss1 + w1;
            a = Rol(a, 9);
            c = tt1;
            e = Rol(e, 19);
            g = P0(tt2);
            w6 = P1(w6 ^ w13 ^ Rol(w3, 15)) ^ Rol(w9, 7) ^ w0;
            // round 50
            a12 = Rol(c, 12);
            ss1 = Rol(a12 + g + 0x7629ea1eu, 7);
            tt1 = ((c & d) | (a & (c | d))) + b + (ss1 ^ a12) + (w2 ^ w6);
            tt2 = (((h ^ e) & g) ^ e) + f + ss1 + w2;
            d = Rol(d, 9);
            b = tt1;
            h = Rol(h, 19);
            f = P0(tt2);
            w7 = P1(w7 ^ w14 ^ Rol(w4, 15)) ^ Rol(w10, 7) ^ w1;
            // round 51
            a12 = Rol(b, 12);
            ss1 = Rol(a12 + f + 0xec53d43cu, 7);
            tt1 = ((b & c) | (d & (b | c))) + a + (ss1 ^ a12) + (w3 ^ w7);
            tt2 = (((g ^ h) & f) ^ h) + e + ss1 + w3;
            c = Rol(c, 9);
            a = tt1;
            g = Rol(g, 19);
            e = P0(tt2);
            w8 = P1(w8 ^ w15 ^ Rol(w5, 15)) ^ Rol(w11, 7) ^ w2;
            // round 52
            a12 = Rol(a, 12);
            ss1 = Rol(a12 + e + 0xd8a7a879u, 7);
            tt1 = ((a & b) | (c & (a | b))) + d + (ss1 ^ a12) + (w4 ^ w8);
            tt2 = (((f ^ g) & e) ^ g) + h + ss1 + w4;
            b = Rol(b, 9);
            d = tt1;
            f = Rol(f, 19);
            h = P0(tt2);
            w9 = P1(w9 ^ w0 ^ Rol(w6, 15)) ^ Rol(w12, 7) ^ w3;
            // round 53
            a12 = Rol(d, 12);
            ss1 = Rol(a12 + h + 0xb14f50f3u, 7);
            tt1 = ((d & a) | (b & (d | a))) + c + (ss1 ^ a12) + (w5 ^ w9);
            tt2 = (((e ^ f) & h) ^ f) + g + ss1 + w5;
            a = Rol(a, 9);
            c = tt1;
            e = Rol(e, 19);
            g = P0(tt2);
            w10 = P1(w10 ^ w1 ^ Rol(w7, 15)) ^ Rol(w13, 7) ^ w4;
            // round 54
            a12 = Rol(c, 12);
            ss1 = Rol(a12 + g + 0x629ea1e7u, 7);
            tt1 = ((c & d) | (a & (c | d))) + b + (ss1 ^ a12) + (w6 ^ w10);
            tt2 = (((h ^ e) & g) ^ e) + f + ss1 + w6;
            d = Rol(d, 9);
            b = tt1;
            h = Rol(h, 19);
            f = P0(tt2);
            w11 = P1(w11 ^ w2 ^ Rol(w8, 15)) ^ Rol(w14, 7) ^ w5;
            // round 55
            a12 = Rol(b, 12);
            ss1 = Rol(a12 + f + 0xc53d43ceu, 7);
            tt1 = ((b & c) | (d & (b | c))) + a + (ss1 ^ a12) + (w7 ^ w11);
            tt2 = (((g ^ h) & f) ^ h) + e + ss1 + w7;
            c = Rol(c, 9);
            a = tt1;
            g = Rol(g, 19);
            e = P0(tt2);
            w12 = P1(w12 ^ w3 ^ Rol(w9, 15)) ^ Rol(w15, 7) ^ w6;
            // round 56
            a12 = Rol(a, 12);
            ss1 = Rol(a12 + e + 0x8a7a879du, 7);
            tt1 = ((a & b) | (c & (a | b))) + d + (ss1 ^ a12) + (w8 ^ w12);
            tt2 = (((f ^ g) & e) ^ g) + h + ss1 + w8;
            b = Rol(b, 9);
            d = tt1;
            f = Rol(f, 19);
            h = P0(tt2);
            w13 = P1(w13 ^ w4 ^ Rol(w10, 15)) ^ Rol(w0, 7) ^ w7;
            // round 57
            a12 = Rol(d, 12);
            ss1 = Rol(a12 + h + 0x14f50f3bu, 7);
            tt1 = ((d & a) | (b & (d | a))) + c + (ss1 ^ a12) + (w9 ^ w13);
            tt2 = (((e ^ f) & h) ^ f) + g + ss1 + w9;
            a = Rol(a, 9);
            c = tt1;
            e = Rol(e, 19);
            g = P0(tt2);
            w14 = P1(w14 ^ w5 ^ Rol(w11, 15)) ^ Rol(w1, 7) ^ w8;
            // round 58
            a12 = Rol(c, 12);
            ss1 = Rol(a12 + g + 0x29ea1e76u, 7);
            tt1 = ((c & d) | (a & (c | d))) + b + (ss1 ^ a12) + (w10 ^ w14);
            tt2 = (((h ^ e) & g) ^ e) + f + ss1 + w10;
            d = Rol(d, 9);
            b = tt1;
            h = Rol(h, 19);
            f = P0(tt2);
            w15 = P1(w15 ^ w6 ^ Rol(w12, 15)) ^ Rol(w2, 7) ^ w9;
            // round 59
            a12 = Rol(b, 12);
            ss1 = Rol(a12 + f + 0x53d43cecu, 7);
            tt1 = ((b & c) | (d & (b | c))) + a + (ss1 ^ a12) + (w11 ^ w15);
            tt2 = (((g ^ h) & f) ^ h) + e + ss1 + w11;
            c = Rol(c, 9);
            a = tt1;
            g = Rol(g, 19);
            e = P0(tt2);
            w0 = P1(w0 ^ w7 ^ Rol(w13, 15)) ^ Rol(w3, 7) ^ w10;
            // round 60
            a12 = Rol(a, 12);
            ss1 = Rol(a12 + e + 0xa7a879d8u, 7);
            tt1 = ((a & b) | (c & (a | b))) + d + (ss1 ^ a12) + (w12 ^ w0);
            tt2 = (((f ^ g) & e) ^ g) + h + ss1 + w12;
            b = Rol(b, 9);
            d = tt1;
            f = Rol(f, 19);
            h = P0(tt2);
            w1 = P1(w1 ^ w8 ^ Rol(w14, 15)) ^ Rol(w4, 7) ^ w11;
            // round 61
            a12 = Rol(d, 12);
            ss1 = Rol(a12 + h + 0x4f50f3b1u, 7);
            tt1 = ((d & a) | (b & (d | a))) + c + (ss1 ^ a12) + (w13 ^ w1);
            tt2 = (((e ^ f) & h) ^ f) + g + ss1 + w13;
            a = Rol(a, 9);
            c = tt1;
            e = Rol(e, 19);
            g = P0(tt2);
            w2 = P1(w2 ^ w9 ^ Rol(w15, 15)) ^ Rol(w5, 7) ^ w12;
            // round 62
            a12 = Rol(c, 12);
            ss1 = Rol(a12 + g + 0x9ea1e762u, 7);
            tt1 = ((c & d) | (a & (c | d))) + b + (ss1 ^ a12) + (w14 ^ w2);
            tt2 = (((h ^ e) & g) ^ e) + f + ss1 + w14;
            d = Rol(d, 9);
            b = tt1;
            h = Rol(h, 19);
            f = P0(tt2);
            w3 = P1(w3 ^ w10 ^ Rol(w0, 15)) ^ Rol(w6, 7) ^ w13;
            // round 63
            a12 = Rol(b, 12);
            ss1 = Rol(a12 + f + 0x3d43cec5u, 7);
            tt1 = ((b & c) | (d & (b | c))) + a + (ss1 ^ a12) + (w15 ^ w3);
            tt2 = (((g ^ h) & f) ^ h) + e + ss1 + w15;
            c = Rol(c, 9);
            a = tt1;
            g = Rol(g, 19);
            e = P0(tt2);
            state[0] ^= a; state[1] ^= b; state[2] ^= c; state[3] ^= d; state[4] ^= e; state[5] ^= f; state[6] ^= g; state[7] ^= h;
        }
    }

    [InlineArray(8)]
    private struct State
    {
        private uint _element;
    }

    [InlineArray(BlockSize)]
    private struct Block
    {
        private byte _element;
    }
}
