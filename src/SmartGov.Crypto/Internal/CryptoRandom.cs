using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;

namespace SmartGov.Crypto.Internal;

internal static class CryptoRandom
{
    /// <summary>
    /// A BouncyCastle <see cref="SecureRandom"/> that draws straight from the operating system's CSPRNG
    /// (<see cref="System.Security.Cryptography.RandomNumberGenerator"/>), with no user-space PRNG state
    /// that could be duplicated by a fork or a VM snapshot.
    /// </summary>
    public static SecureRandom Create() => new(new CryptoApiRandomGenerator());
}
