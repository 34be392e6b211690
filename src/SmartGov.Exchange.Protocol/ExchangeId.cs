using System.Diagnostics.CodeAnalysis;
using SmartGov.Core;

namespace SmartGov.Exchange.Protocol;

/// <summary>
/// An exchange identifier <c>INSTANCE/CLASS/MEMBER[/SUBSYSTEM[/SERVICE]]</c>, as X-Road names members, clients and services.
/// <list type="bullet">
/// <item>INSTANCE: the exchange instance, e.g. <c>CN-DEMO</c> (A–Z, 0–9, '-', 2–32 characters).</item>
/// <item>CLASS: the member class, one of <see cref="MemberClasses"/> (GOV for government departments).</item>
/// <item>MEMBER: the member's unified social credit code (GB 32100), checked with <see cref="CreditCode"/>.</item>
/// <item>SUBSYSTEM and SERVICE: 1–64 characters of A–Z, a–z, 0–9, '.', '_', '-' (not "." or "..").</item>
/// </list>
/// </summary>
public sealed record ExchangeId(string Instance, string MemberClass, string MemberCode, string? Subsystem, string? Service)
{
    /// <summary>GOV: government departments; PUB: public institutions (事业单位); COM: enterprises; ORG: social organizations.</summary>
    public static IReadOnlyList<string> MemberClasses { get; } = ["GOV", "PUB", "COM", "ORG"];

    public ExchangeIdKind Kind => Service is not null ? ExchangeIdKind.Service
        : Subsystem is not null ? ExchangeIdKind.Subsystem
        : ExchangeIdKind.Member;

    /// <summary>The member part: INSTANCE/CLASS/MEMBER.</summary>
    public ExchangeId Member => this with { Subsystem = null, Service = null };

    /// <summary>The client (subsystem) part of a service id: INSTANCE/CLASS/MEMBER/SUBSYSTEM.</summary>
    public ExchangeId SubsystemId => this with { Service = null };

    public override string ToString()
    {
        var text = $"{Instance}/{MemberClass}/{MemberCode}";
        if (Subsystem is not null)
        {
            text += "/" + Subsystem;
        }

        if (Service is not null)
        {
            text += "/" + Service;
        }

        return text;
    }

    public static ExchangeId Parse(string text, ExchangeIdKind expected) =>
        TryParse(text, expected, out var id, out var error) ? id : throw new FormatException(error);

    /// <summary>Parses and validates an identifier of exactly the expected kind.</summary>
    public static bool TryParse(string? text, ExchangeIdKind expected, [NotNullWhen(true)] out ExchangeId? id, out string? error)
    {
        id = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "The identifier is empty.";
            return false;
        }

        if (text.Length > 256)
        {
            error = "The identifier is longer than 256 characters.";
            return false;
        }

        var parts = text.Split('/');
        var wanted = expected switch
        {
            ExchangeIdKind.Member => 3,
            ExchangeIdKind.Subsystem => 4,
            _ => 5,
        };
        if (parts.Length != wanted)
        {
            error = $"A {expected.ToString().ToLowerInvariant()} identifier has {wanted} parts separated by '/'; got {parts.Length}.";
            return false;
        }

        if (!IsInstance(parts[0]))
        {
            error = "INSTANCE must be 2 to 32 characters of A-Z, 0-9 and '-'.";
            return false;
        }

        if (!MemberClasses.Contains(parts[1]))
        {
            error = $"CLASS must be one of {string.Join(", ", MemberClasses)}.";
            return false;
        }

        // Only an exact, already normalized code is an identifier: "the same member" must be one string.
        if (parts[2].Length != 18 || !CreditCode.Validate(parts[2]).IsValid || CreditCode.Normalize(parts[2]) != parts[2])
        {
            error = "MEMBER must be a valid unified social credit code (GB 32100), 18 upper-case characters.";
            return false;
        }

        for (var i = 3; i < parts.Length; i++)
        {
            if (!IsCode(parts[i]))
            {
                error = $"{(i == 3 ? "SUBSYSTEM" : "SERVICE")} must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'.";
                return false;
            }
        }

        id = new ExchangeId(parts[0], parts[1], parts[2], parts.Length > 3 ? parts[3] : null, parts.Length > 4 ? parts[4] : null);
        error = null;
        return true;
    }

    public static bool IsInstance(string s) =>
        s.Length is >= 2 and <= 32 && s.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '-');

    public static bool IsCode(string s) =>
        s.Length is >= 1 and <= 64 && s is not "." and not ".."
        && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}

public enum ExchangeIdKind
{
    Member,
    Subsystem,
    Service,
}
