using SmartGov.DemoDepartment;

// `SmartGov.DemoDepartment --Department gaj|mzj|scjg --urls http://127.0.0.1:5401`: one process per department.
var app = DepartmentHost.Build(args);
await app.RunAsync();
