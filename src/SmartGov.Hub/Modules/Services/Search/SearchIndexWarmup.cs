using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmartGov.Hub.Modules.Services.Search;

/// <summary>
/// Builds the search index once the host has started (after migrations and seeding), so that the first citizen's
/// search does not wait for it (about 5 s for 10,000 items). A failure only means the first search builds it instead.
/// Needs nothing but the index: hosts assembled from the hub's modules alone (tests, tools) can create it too.
/// </summary>
internal sealed class SearchIndexWarmup(ServiceSearchIndex index, ILogger<SearchIndexWarmup> logger) : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _warmup;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _warmup = Task.Run(async () =>
        {
            try
            {
                await index.RebuildAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Warming up the service search index failed; the first search will build it");
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_warmup is { } warmup)
        {
            await warmup.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stopping.Dispose();
}
