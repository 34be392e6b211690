using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartGov.Hub.Modules.Licences;

/// <summary>One member of a household register (居民户口簿) or a party of a marriage record.</summary>
public sealed record LicencePerson(string Name, string IdNumber, string? Relation = null);

/// <summary>
/// An electronic licence (电子证照) as the issuing department's system serves it over the exchange, and as the hub sends
/// an issued one back into that department's library. <see cref="HolderId"/> is an ID number (GB 11643) for personal
/// licences and a unified social credit code (GB 32100) for a business's.
/// </summary>
public sealed record LicenceDocument(
    string LicenceNumber,
    string TypeCode,
    string TypeName,
    string HolderId,
    string HolderName,
    string IssuerCode,
    string IssuerName,
    DateOnly IssuedOn,
    DateOnly? ValidTo,
    string Status,
    IReadOnlyDictionary<string, string>? Data = null,
    IReadOnlyList<LicencePerson>? Persons = null)
{
    public const string Valid = "valid";
    public const string Revoked = "revoked";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Checks a licence document's own shape (what a department may accept into its library).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(LicenceNumber) || LicenceNumber.Length > 80)
        {
            problems.Add("licenceNumber");
        }
        if (string.IsNullOrWhiteSpace(TypeCode) || TypeCode.Length > 64)
        {
            problems.Add("typeCode");
        }
        if (string.IsNullOrWhiteSpace(HolderId) || HolderId.Length > 18 || !(SmartGov.Core.IdNumber.Validate(HolderId).IsValid || SmartGov.Core.CreditCode.Validate(HolderId).IsValid))
        {
            problems.Add("holderId");
        }
        if (string.IsNullOrWhiteSpace(HolderName) || HolderName.Length > 200)
        {
            problems.Add("holderName");
        }
        if (Status is not (Valid or Revoked))
        {
            problems.Add("status");
        }
        return problems;
    }
}
