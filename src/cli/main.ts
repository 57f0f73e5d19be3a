// remediator CLI entry point.
process.stdout.write('remediator: not yet implemented\n');
