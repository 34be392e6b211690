using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartGov.Hub.Modules.Supervision.Model;

/// <summary>Where a key task comes from.</summary>
public enum TaskSource
{
    /// <summary>政府工作报告</summary>
    WorkReport = 1,
    /// <summary>领导批示</summary>
    LeaderInstruction = 2,
    /// <summary>会议决定</summary>
    MeetingDecision = 3,
    /// <summary>人大建议、政协提案</summary>
    Proposal = 4,
}

public enum TaskPriority
{
    Normal = 1,
    High = 2,
    Urgent = 3,
}

/// <summary>A key task (督查事项): the root of a tree of sub-tasks.</summary>
public sealed class KeyTask
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Title { get; set; }
    public string? Description { get; set; }
    public TaskSource Source { get; set; }
    public TaskPriority Priority { get; set; }
    public DateOnly DueOn { get; set; }
    public DateTime CreatedAt { get; set; }
    public Guid? CreatedById { get; set; }
    /// <summary>Optimistic concurrency of edits: every change increments it; a stale revision loses.</summary>
    public int Revision { get; set; }
}

/// <summary>A sub-task: one node of the decomposition, led by one department with co-departments.</summary>
public sealed class SubTask
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid KeyTaskId { get; set; }
    public Guid? ParentId { get; set; }
    public required string Title { get; set; }
    public Guid LeadDepartmentId { get; set; }
    public DateOnly DueOn { get; set; }
    /// <summary>The last day to sign for the sub-task once assigned (签收时限).</summary>
    public DateOnly? SignDueOn { get; set; }
    public DateOnly? AssignedOn { get; set; }
    public DateOnly? SignedOn { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public int Weight { get; set; } = 1;
    public int Percent { get; set; }
    public SubTaskStatus Status { get; set; } = SubTaskStatus.Registered;
    /// <summary>The state to return to when a suspension is lifted.</summary>
    public SubTaskStatus? SuspendedFrom { get; set; }
    public int Rejections { get; set; }
    /// <summary>The last review sent the work back (驳回重办) and no accepted feedback followed yet.</summary>
    public bool LastReportRejected { get; set; }
    /// <summary>Optimistic concurrency: every change increments it; a stale revision loses.</summary>
    public int Revision { get; set; }
    public List<SubTaskCoDepartment> CoDepartments { get; set; } = [];
    public List<Milestone> Milestones { get; set; } = [];
}

public sealed class SubTaskCoDepartment
{
    public Guid SubTaskId { get; set; }
    public Guid DepartmentId { get; set; }
}

public sealed class Milestone
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SubTaskId { get; set; }
    public required string Title { get; set; }
    public DateOnly DueOn { get; set; }
    /// <summary>The day the lead department says the milestone was reached (not after the day it said so).</summary>
    public DateOnly? DoneOn { get; set; }
    public string? Note { get; set; }
}

/// <summary>A file (an uploaded <c>StoredFile</c> of the hub's file store) attached to a progress report.</summary>
public sealed class ProgressReportFile
{
    public Guid FileId { get; set; }
    public Guid ReportId { get; set; }
    public Guid SubTaskId { get; set; }
}

public sealed class ProgressReport
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SubTaskId { get; set; }
    public int Percent { get; set; }
    public required string Text { get; set; }
    public string? AttachmentUrl { get; set; }
    public DateTime At { get; set; }
    public Guid? ById { get; set; }
    public string? ByName { get; set; }
    public Guid? DepartmentId { get; set; }

    /// <summary>
    /// Whether the lead department reported it (the sub-task's progress), as opposed to a co-department's feedback;
    /// fixed when the report is made, so that a later change of lead does not relabel earlier reports.
    /// </summary>
    public bool ByLead { get; set; }
}

public enum NoticeColour
{
    /// <summary>催办 (reminder, blue light)</summary>
    Blue = 1,
    Yellow = 2,
    Red = 3,
}

/// <summary>A supervision notice (督办单) or reminder (催办) issued by the sweep; escalated to the department leader.</summary>
public sealed class SupervisionNotice
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SubTaskId { get; set; }
    public Guid DepartmentId { get; set; }
    public NoticeColour Colour { get; set; }
    public DateOnly IssuedOn { get; set; }
    public bool EscalatedToLeader { get; set; }
    public required string Text { get; set; }
    public bool SignOverdue { get; set; }
}

internal sealed class KeyTaskConfiguration : IEntityTypeConfiguration<KeyTask>
{
    public void Configure(EntityTypeBuilder<KeyTask> b)
    {
        b.ToTable("sup_key_tasks");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.Property(x => x.Description).HasMaxLength(4000);
        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.Priority).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class SubTaskConfiguration : IEntityTypeConfiguration<SubTask>
{
    public void Configure(EntityTypeBuilder<SubTask> b)
    {
        b.ToTable("sup_sub_tasks");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.SuspendedFrom).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasIndex(x => x.KeyTaskId);
        b.HasIndex(x => x.LeadDepartmentId);
        b.HasOne<KeyTask>().WithMany().HasForeignKey(x => x.KeyTaskId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<SubTask>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.CoDepartments).WithOne().HasForeignKey(x => x.SubTaskId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Milestones).WithOne().HasForeignKey(x => x.SubTaskId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SubTaskCoDepartmentConfiguration : IEntityTypeConfiguration<SubTaskCoDepartment>
{
    public void Configure(EntityTypeBuilder<SubTaskCoDepartment> b)
    {
        b.ToTable("sup_sub_task_co_departments");
        b.HasKey(x => new { x.SubTaskId, x.DepartmentId });
        b.HasIndex(x => x.DepartmentId);
    }
}

internal sealed class MilestoneConfiguration : IEntityTypeConfiguration<Milestone>
{
    public void Configure(EntityTypeBuilder<Milestone> b)
    {
        b.ToTable("sup_milestones");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Note).HasMaxLength(500);
    }
}

internal sealed class ProgressReportFileConfiguration : IEntityTypeConfiguration<ProgressReportFile>
{
    public void Configure(EntityTypeBuilder<ProgressReportFile> b)
    {
        b.ToTable("sup_report_files");
        b.HasKey(x => x.FileId);
        b.HasIndex(x => x.SubTaskId);
        b.HasIndex(x => x.ReportId);
        b.HasOne<ProgressReport>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProgressReportConfiguration : IEntityTypeConfiguration<ProgressReport>
{
    public void Configure(EntityTypeBuilder<ProgressReport> b)
    {
        b.ToTable("sup_progress_reports");
        b.Property(x => x.Text).HasMaxLength(4000);
        b.Property(x => x.AttachmentUrl).HasMaxLength(500);
        b.Property(x => x.ByName).HasMaxLength(100);
        b.HasIndex(x => x.SubTaskId);
        b.HasOne<SubTask>().WithMany().HasForeignKey(x => x.SubTaskId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SupervisionNoticeConfiguration : IEntityTypeConfiguration<SupervisionNotice>
{
    public void Configure(EntityTypeBuilder<SupervisionNotice> b)
    {
        b.ToTable("sup_notices");
        b.Property(x => x.Colour).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Text).HasMaxLength(500);
        b.HasIndex(x => new { x.SubTaskId, x.Colour, x.IssuedOn }).IsUnique();
        b.HasIndex(x => x.DepartmentId);
        b.HasOne<SubTask>().WithMany().HasForeignKey(x => x.SubTaskId).OnDelete(DeleteBehavior.Cascade);
    }
}
