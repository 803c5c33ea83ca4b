// The operator's command line: `npx upstream <command>`. Each command is a small function
// over the same modules the web application uses.
import { parseArgs } from "node:util";
import { commands } from "./commands";

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    printHelp();
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n`);
    printHelp();
    return 1;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\nUsage: upstream ${name} ${command.usage}\n`);
    return 1;
  }
  try {
    return await command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`upstream ${name}: ${message}\n`);
    return 1;
  }
}

function printHelp() {
  const lines = Object.entries(commands).map(([name, c]) => `  upstream ${name} ${c.usage}\n      ${c.summary}`);
  process.stdout.write(`Usage: upstream <command> [options]\n\nCommands:\n${lines.join("\n")}\n`);
}
