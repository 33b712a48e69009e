using System.Buffers.Binary;
using System.Text;
using Vane.Loading;

namespace Vane.Tokenization.Gguf;

/// <summary>One entry of a SentencePiece model's piece list.</summary>
/// <param name="Text">The piece ("▁the", "&lt;0x0A&gt;", "&lt;s&gt;").</param>
/// <param name="Score">Its score; for BPE models, higher scores merge first.</param>
/// <param name="Type">Its SentencePiece type, numbered as <see cref="GgufTokenType"/>.</param>
internal readonly record struct SentencePiece(string Text, float Score, GgufTokenType Type);

/// <summary>
/// Reads the piece list of a SentencePiece tokenizer.model (a protobuf ModelProto): field 1
/// holds the pieces, each with piece (1, string), score (2, float) and type (3, enum,
/// default NORMAL). Every other field is skipped by its wire type.
/// </summary>
internal static class SentencePieceProto
{
    const int Varint = 0, Fixed64 = 1, Bytes = 2, Fixed32 = 5;

    /// <summary>The pieces of <paramref name="path"/> in id order.</summary>
    public static List<SentencePiece> ReadPieces(string path)
    {
        byte[] data = File.ReadAllBytes(path);
        var pieces = new List<SentencePiece>();
        try
        {
            int at = 0;
            while (at < data.Length)
            {
                var (field, wire) = Tag(data, ref at);
                if (field == 1 && wire == Bytes)
                    pieces.Add(Piece(Slice(data, ref at)));
                else
                    Skip(data, ref at, wire);
            }
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException
                                   or InvalidDataException or DecoderFallbackException)
        {
            throw new ModelFormatException(path, "pieces", $"not a readable SentencePiece model: {e.Message}", e);
        }
        if (pieces.Count == 0)
            throw new ModelFormatException(path, "pieces", "no pieces found; is this a SentencePiece model?");
        return pieces;
    }

    static SentencePiece Piece(ReadOnlySpan<byte> message)
    {
        string text = "";
        float score = 0;
        var type = GgufTokenType.Normal;
        int at = 0;
        while (at < message.Length)
        {
            var (field, wire) = Tag(message, ref at);
            if (field == 1 && wire == Bytes)
                text = new UTF8Encoding(false, true).GetString(Slice(message, ref at));
            else if (field == 2 && wire == Fixed32)
                score = BinaryPrimitives.ReadSingleLittleEndian(message.Slice(Advance(ref at, 4), 4));
            else if (field == 3 && wire == Varint)
                type = (GgufTokenType)(int)ReadVarint(message, ref at);
            else
                Skip(message, ref at, wire);
        }
        return new SentencePiece(text, score, type);
    }

    static (int Field, int Wire) Tag(ReadOnlySpan<byte> data, ref int at)
    {
        ulong tag = ReadVarint(data, ref at);
        return ((int)(tag >> 3), (int)(tag & 7));
    }

    static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> data, ref int at)
    {
        int length = checked((int)ReadVarint(data, ref at));
        return data.Slice(Advance(ref at, length), length);
    }

    static void Skip(ReadOnlySpan<byte> data, ref int at, int wire)
    {
        switch (wire)
        {
            case Varint: ReadVarint(data, ref at); break;
            case Fixed64: Advance(ref at, 8); break;
            case Bytes: Slice(data, ref at); break;
            case Fixed32: Advance(ref at, 4); break;
            default: throw new InvalidDataException($"protobuf wire type {wire} at byte {at}");
        }
        if (at > data.Length)
            throw new InvalidDataException($"field runs past the end ({at} > {data.Length} bytes)");
    }

    static int Advance(ref int at, int by)
    {
        int start = at;
        at += by;
        return start;
    }

    static ulong ReadVarint(ReadOnlySpan<byte> data, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
        throw new InvalidDataException($"varint longer than 10 bytes at byte {at}");
    }
}
