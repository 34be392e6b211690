using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SmartGov.Core;
using SmartGov.Hub.Data;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Web.Tests;

/// <summary>
/// ID and mobile numbers are encrypted at rest (SM4-GCM) and found through a blind index: whoever copies the
/// database file finds neither in it. On screen and in the API they are masked.
/// </summary>
public sealed class PersonalDataTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    private static readonly string IdNumberOfNewCitizen = IdNumber.Compose("450105", new DateOnly(1993, 12, 24), 617, male: false);
    private const string MobileOfNewCitizen = "15977001234";
    private const string Password = "Privacy2026Ab";

    private async Task RegisterAsync()
    {
        using var api = factory.CreateApiClient();
        var response = await api.PostAsJsonAsync("/api/v1/accounts/citizens", new
        {
            name = "王秀英",
            idNumber = IdNumberOfNewCitizen,
            mobile = MobileOfNewCitizen,
            password = Password,
            confirmPassword = Password,
        });
        // Registered by an earlier test of this class: that is fine, the data is the same.
        if (response.StatusCode != HttpStatusCode.Created)
        {
            await ProblemAssert.IsValidationAsync(response, "idNumber", "id.taken");
            return;
        }
        var created = await response.ReadJsonAsync();
        Assert.Equal(IdNumber.Mask(IdNumberOfNewCitizen), created.Str("idNumberMasked"));
        Assert.DoesNotContain(IdNumberOfNewCitizen, created.ToString(), StringComparison.Ordinal);
    }

    private static IEnumerable<(string Label, string Value)> Secrets() =>
    [
        ("new citizen's ID number", IdNumberOfNewCitizen),
        ("new citizen's mobile", MobileOfNewCitizen),
        ("demo citizen's ID number", DemoCitySeeder.DemoCitizen.IdNumber),
        ("demo citizen's mobile", DemoCitySeeder.DemoCitizen.Mobile),
    ];

    [Fact]
    public async Task Neither_id_nor_mobile_numbers_are_stored_in_plain_text()
    {
        await RegisterAsync();
        // Signing in by ID number and by mobile still works: the blind index finds the account.
        using (var byId = factory.CreateBrowser())
        {
            await byId.SignInCitizenAsync(IdNumberOfNewCitizen, Password);
        }
        using (var byMobile = factory.CreateBrowser())
        {
            await byMobile.SignInCitizenAsync(MobileOfNewCitizen, Password);
        }

        if (factory.Provider == DatabaseProvider.Sqlite)
        {
            await AssertSqliteFilesHoldNoPlainTextAsync();
        }
        else
        {
            await AssertPostgresRowsHoldNoPlainTextAsync();
        }
    }

    private async Task AssertSqliteFilesHoldNoPlainTextAsync()
    {
        // Fold the write-ahead log into the main file, then read both (the log may be written again meanwhile).
        await factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(FULL);"));
        var file = factory.Database.SqliteFile!;
        var bytes = new List<byte>();
        foreach (var path in new[] { file, file + "-wal", file + "-journal" }.Where(File.Exists))
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            bytes.AddRange(copy.ToArray());
        }
        var all = bytes.ToArray();
        Assert.True(all.Length > 4096, "the database file was not found or is empty");
        // Sanity: the scan does find text that is stored in plain text, such as a department name.
        Assert.True(all.AsSpan().IndexOf(Encoding.UTF8.GetBytes("示范市公安局")) >= 0, "the scan should find plain department names");

        foreach (var (label, value) in Secrets())
        {
            Assert.True(all.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) < 0, $"{label} found in the SQLite file as UTF-8/ASCII");
            Assert.True(all.AsSpan().IndexOf(Encoding.Unicode.GetBytes(value)) < 0, $"{label} found in the SQLite file as UTF-16LE");
            Assert.True(all.AsSpan().IndexOf(Encoding.BigEndianUnicode.GetBytes(value)) < 0, $"{label} found in the SQLite file as UTF-16BE");
        }
    }

    private async Task AssertPostgresRowsHoldNoPlainTextAsync()
    {
        await using var connection = new NpgsqlConnection(factory.Database.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        Assert.Contains("AspNetUsers", tables);
        Assert.Contains("audit_records", tables);

        foreach (var (label, value) in Secrets())
        {
            // bytea columns render as hex in row text, so a number stored as raw bytes is found by its hex too.
            var hex = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(value));
            foreach (var table in tables)
            {
                await using var query = new NpgsqlCommand(
                    $"SELECT count(*) FROM \"{table}\" t WHERE strpos(t::text, @plain) > 0 OR strpos(t::text, @hex) > 0", connection);
                query.Parameters.AddWithValue("plain", value);
                query.Parameters.AddWithValue("hex", hex);
                var count = (long)(await query.ExecuteScalarAsync())!;
                Assert.True(count == 0, $"{label} found in plain text in {count} row(s) of {table}");
            }
        }

        // Sanity: the same scan does find what is stored in plain text.
        await using var sanity = new NpgsqlCommand("SELECT count(*) FROM departments t WHERE strpos(t::text, '示范市公安局') > 0", connection);
        Assert.Equal(1L, (long)(await sanity.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task The_api_and_the_personal_page_show_only_masked_numbers()
    {
        await RegisterAsync();
        using var citizen = await factory.SignedInCitizenAsync(IdNumberOfNewCitizen, Password);
        var me = await (await citizen.GetAsync("/api/v1/me")).ReadJsonAsync();
        var masked = me.Str("idNumberMasked")!;
        Assert.Equal(IdNumberOfNewCitizen[..6] + new string('*', 8) + IdNumberOfNewCitizen[14..], masked);
        Assert.Equal("159****1234", me.Str("mobileMasked"));
        Assert.Equal("Citizen", me.Str("kind"));
        var json = me.ToString();
        Assert.DoesNotContain(IdNumberOfNewCitizen, json, StringComparison.Ordinal);
        Assert.DoesNotContain(MobileOfNewCitizen, json, StringComparison.Ordinal);

        var page = await (await citizen.GetAsync("/account/me")).Content.ReadAsStringAsync();
        Assert.Contains(masked, page, StringComparison.Ordinal);
        Assert.DoesNotContain(IdNumberOfNewCitizen, page, StringComparison.Ordinal);
        Assert.DoesNotContain(MobileOfNewCitizen, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_citizen_is_shown_masked_too()
    {
        var demo = DemoCitySeeder.DemoCitizen;
        using var citizen = await factory.SignedInCitizenAsync(demo.Mobile);
        var me = await (await citizen.GetAsync("/api/v1/me")).ReadJsonAsync();
        Assert.Equal(demo.IdNumber[..6] + "********" + demo.IdNumber[14..], me.Str("idNumberMasked"));
        Assert.Equal(demo.Name, me.Str("displayName"));
        Assert.DoesNotContain(demo.IdNumber, me.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stored_numbers_decrypt_with_the_configured_key_and_match_the_blind_index()
    {
        // The ciphertext really holds the number (nothing was lost), and the index is the keyed HMAC, not a plain hash.
        await RegisterAsync();
        var index = factory.BlindIndex(SmartGov.Hub.PersonalData.PersonalDataKind.IdNumber, IdNumberOfNewCitizen);
        var user = await factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.IdNumberIndex == index));
        var cipher = new SmartGov.Hub.PersonalData.PersonalDataCipher(Convert.FromHexString(SmartGovFactory.EncryptionKey), Convert.FromHexString(SmartGovFactory.IndexKey));
        Assert.Equal(IdNumberOfNewCitizen, cipher.Unprotect(user.IdNumberCipher!));
        Assert.Equal(MobileOfNewCitizen, cipher.Unprotect(user.MobileCipher!));
        var otherKey = new SmartGov.Hub.PersonalData.PersonalDataCipher(new byte[16], new byte[32]);
        Assert.NotEqual(index, otherKey.BlindIndex(SmartGov.Hub.PersonalData.PersonalDataKind.IdNumber, IdNumberOfNewCitizen));
        Assert.NotEqual(user.IdNumberCipher, cipher.Protect(IdNumberOfNewCitizen));
    }
}
