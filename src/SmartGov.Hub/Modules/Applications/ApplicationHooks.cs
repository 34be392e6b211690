using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Modules.Services;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>
/// What else happens when an application moves: notifications to the applicant, the signed result on completion.
/// Everything here joins the caller's unit of work, so it commits with the transition or not at all.
/// </summary>
public sealed class ApplicationHooks
{
    internal void Submitted(Application app)
    {
    }

    internal void Accepted(Application app)
    {
    }

    internal void SupplementRequested(Application app)
    {
    }

    internal void IntakeRefused(Application app)
    {
    }

    internal void Decided(Application app)
    {
    }

    internal Task CompletedAsync(Application app, ServiceItemView item, CancellationToken ct) => Task.CompletedTask;
}
