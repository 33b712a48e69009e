using System.Security.Cryptography;
using System.Text;

namespace Vane.Steering;

/// <summary>
/// One contrast pair: a text showing the concept (<paramref name="Positive"/>) and a
/// matching text showing its opposite (<paramref name="Negative"/>). Activations are read
/// from both at the same read position and compared.
/// </summary>
/// <param name="Positive">Text with the concept, e.g. "Act as a pirate. Ahoy".</param>
/// <param name="Negative">Text without it (or with its opposite), shaped like the positive.</param>
public sealed record ContrastPair(string Positive, string Negative)
{
    /// <summary>
    /// SHA-256 (lowercase hex) of the pairs in order: each side's UTF-8 bytes followed by a
    /// 0 byte. Identical data gives an identical hash; it is recorded as vane.data_hash.
    /// </summary>
    public static string Hash(IReadOnlyList<ContrastPair> pairs)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] zero = [0];
        foreach (var p in pairs)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(p.Positive));
            sha.AppendData(zero);
            sha.AppendData(Encoding.UTF8.GetBytes(p.Negative));
            sha.AppendData(zero);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
