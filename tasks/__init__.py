"""The steps the flows run: plain functions in `steps` (no Prefect), thin Prefect tasks in
`prefect_tasks`. Importing this package imports neither Prefect nor a database driver."""
