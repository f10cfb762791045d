"""In-memory fakes of applications that cannot run on the test machines (Resolve, Unreal)."""
