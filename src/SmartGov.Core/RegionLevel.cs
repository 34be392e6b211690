namespace SmartGov.Core;

/// <summary>The level of an administrative division.</summary>
#pragma warning disable CA1008 // The levels are numbered as people count them; there is no "no level".
public enum RegionLevel
#pragma warning restore CA1008
{
    /// <summary>省级: province, autonomous region or municipality (XX0000).</summary>
    Province = 1,

    /// <summary>地级: prefecture-level city, prefecture or league (XXXX00).</summary>
    City = 2,

    /// <summary>县级: county, county-level city or city district.</summary>
    County = 3,

    /// <summary>乡级: township, town or street (12 digits, last 3 zero).</summary>
    Township = 4,

    /// <summary>村级: village or residents' community (12 digits).</summary>
    Village = 5,
}
