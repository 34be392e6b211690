using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using SmartGov.Exchange.Protocol;

namespace SmartGov.Gateway.Adapters;

/// <summary>
/// Runs one declared, read-only, parameterized SELECT against the department's database (SQLite or PostgreSQL).
/// Parameters come from the query string or a JSON object body, are checked against their declared types, and are only
/// ever bound, never spliced into SQL. Read-only is enforced by the database too: SQLite opens with Mode=ReadOnly and
/// PostgreSQL runs in a READ ONLY transaction. Answer: <c>{"rows":[{column: value}], "count": n, "truncated": bool}</c>.
/// </summary>
public sealed partial class SqlQueryAdapter : IServiceAdapter
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);
    private readonly ServiceOptions _service;
    private readonly DbProviderFactory _factory;
    private readonly string _connectionString;
    private readonly bool _postgres;
    private readonly Dictionary<string, Regex?> _patterns;

    public SqlQueryAdapter(ServiceOptions service)
    {
        _service = service;
        var query = service.Query?.Trim().TrimEnd(';').Trim() ?? "";
        if (!SelectOnly().IsMatch(query) || query.Contains(';', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Service '{service.Code}': Query must be a single SELECT (or WITH … SELECT) statement.");
        }

        if (string.IsNullOrWhiteSpace(service.ConnectionString))
        {
            throw new InvalidOperationException($"Service '{service.Code}': a Sql adapter needs ConnectionString.");
        }

        foreach (var p in service.Parameters)
        {
            if (!ParameterName().IsMatch(p.Name) || p.Type is not ("string" or "integer" or "number" or "boolean" or "date"))
            {
                throw new InvalidOperationException(
                    $"Service '{service.Code}': parameter '{p.Name}' needs a plain name and a type of string, integer, number, boolean or date.");
            }
        }

        _patterns = service.Parameters.ToDictionary(p => p.Name, p => p.Pattern is null ? null : new Regex("^(?:" + p.Pattern + ")$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)));
        (_factory, _connectionString, _postgres) = service.SqlProvider?.ToUpperInvariant() switch
        {
            "SQLITE" => ((DbProviderFactory)SqliteFactory.Instance,
                new SqliteConnectionStringBuilder(service.ConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString(), false),
            "POSTGRES" or "POSTGRESQL" => (NpgsqlFactory.Instance, service.ConnectionString, true),
            _ => throw new InvalidOperationException($"Service '{service.Code}': SqlProvider must be Sqlite or Postgres."),
        };
    }

    public async Task<AdapterResult> CallAsync(AdapterRequest request, CancellationToken ct)
    {
        if (request.Method is not ("GET" or "POST"))
        {
            return AdapterResult.Fail(ExchangeErrors.MethodNotAllowed, "A SQL query service takes GET (query string) or POST (JSON object).");
        }

        var (values, error) = ReadParameters(request);
        if (error is not null)
        {
            return AdapterResult.Fail(ExchangeErrors.ParameterInvalid, error);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(_service.TimeoutSeconds));
        try
        {
            await using var connection = _factory.CreateConnection()!;
            connection.ConnectionString = _connectionString;
            await connection.OpenAsync(timeout.Token);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, timeout.Token);
            if (_postgres)
            {
                await using var readOnly = connection.CreateCommand();
                readOnly.Transaction = transaction;
                readOnly.CommandText = "SET TRANSACTION READ ONLY";
                await readOnly.ExecuteNonQueryAsync(timeout.Token);
            }

            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = _service.Query!.Trim().TrimEnd(';');
            command.CommandTimeout = _service.TimeoutSeconds;
            foreach (var (name, value) in values)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            var rows = new List<Dictionary<string, object?>>();
            var truncated = false;
            await using (var reader = await command.ExecuteReaderAsync(timeout.Token))
            {
                while (await reader.ReadAsync(timeout.Token))
                {
                    if (rows.Count == _service.MaxRows)
                    {
                        truncated = true;
                        break;
                    }

                    var row = new Dictionary<string, object?>(reader.FieldCount);
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        row[reader.GetName(i)] = ToJsonValue(reader.GetValue(i));
                    }

                    rows.Add(row);
                }
            }

            await transaction.RollbackAsync(timeout.Token);
            var body = JsonSerializer.SerializeToUtf8Bytes(new { rows, count = rows.Count, truncated }, _json);
            return new AdapterResult(200, "application/json; charset=utf-8", body);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return AdapterResult.Fail(ExchangeErrors.BackendTimeout, $"The database did not answer within {_service.TimeoutSeconds} s.");
        }
        catch (DbException ex) when (ex is not NpgsqlException { InnerException: TimeoutException })
        {
            return AdapterResult.Fail(ExchangeErrors.BackendUnavailable, "The database refused or failed the query: " + ex.Message);
        }
        catch (NpgsqlException ex)
        {
            return AdapterResult.Fail(ExchangeErrors.BackendTimeout, "The database did not answer in time: " + ex.Message);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            return AdapterResult.Fail(ExchangeErrors.BackendUnavailable, "The database cannot be reached: " + ex.Message);
        }
    }

    private (List<(string Name, object? Value)> Values, string? Error) ReadParameters(AdapterRequest request)
    {
        var raw = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var pair in CanonicalMessage.CanonicalQuery(request.Query).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(pair[..eq]);
            if (!raw.TryAdd(name, Uri.UnescapeDataString(pair[(eq + 1)..])))
            {
                return ([], $"Parameter '{name}' is given more than once.");
            }
        }

        if (request.Method == "POST" && request.Body.Length > 0)
        {
            try
            {
                using var doc = JsonDocument.Parse(request.Body);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return ([], "The body must be a JSON object of parameters.");
                }

                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    raw[p.Name] = p.Value.ValueKind switch
                    {
                        JsonValueKind.Null => null,
                        JsonValueKind.String => p.Value.GetString(),
                        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => p.Value.GetRawText(),
                        _ => "\u0000object",
                    };
                }
            }
            catch (JsonException)
            {
                return ([], "The body is not valid JSON.");
            }
        }

        var unknown = raw.Keys.FirstOrDefault(k => _service.Parameters.All(p => p.Name != k));
        if (unknown is not null)
        {
            return ([], $"Unknown parameter '{unknown}'; this service takes: {string.Join(", ", _service.Parameters.Select(p => p.Name))}.");
        }

        var values = new List<(string, object?)>();
        foreach (var p in _service.Parameters)
        {
            raw.TryGetValue(p.Name, out var text);
            if (string.IsNullOrEmpty(text))
            {
                if (p.Required)
                {
                    return ([], $"Parameter '{p.Name}' is required.");
                }

                values.Add((p.Name, null));
                continue;
            }

            if (text.Length > p.MaxLength || text.Contains('\u0000', StringComparison.Ordinal))
            {
                return ([], $"Parameter '{p.Name}' is longer than {p.MaxLength} characters or not a plain value.");
            }

            if (_patterns[p.Name] is { } regex && !regex.IsMatch(text))
            {
                return ([], $"Parameter '{p.Name}' does not have the expected form.");
            }

            object? value = p.Type switch
            {
                "integer" => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null,
                "number" => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null,
                "boolean" => bool.TryParse(text, out var b) ? b : null,
                "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? (_postgres ? date : date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) : null,
                _ => text,
            };
            if (value is null)
            {
                return ([], $"Parameter '{p.Name}' must be of type {p.Type}.");
            }

            values.Add((p.Name, value));
        }

        return (values, null);
    }

    private static object? ToJsonValue(object value) => value switch
    {
        DBNull => null,
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        string or bool or long or int or short or double or float or decimal => value,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?:SELECT|WITH)\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SelectOnly();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex ParameterName();
}
