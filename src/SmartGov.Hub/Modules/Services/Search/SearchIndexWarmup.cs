using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmartGov.Hub.Modules.Services.Search;

/// <summary>
/// Builds the search index once the hub has started, so that the first citizen's search does not wait for it
/// (about 5 s for 10,000 items). A failure only means the first search builds it instead.
/// </summary>
internal sealed class SearchIndexWarmup(ServiceSearchIndex index, IHostApplicationLifetime lifetime, ILogger<SearchIndexWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        try
        {
            await index.RebuildAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Warming up the service search index failed; the first search will build it");
        }
        catch (OperationCanceledException)
        {
        }
    }
}
