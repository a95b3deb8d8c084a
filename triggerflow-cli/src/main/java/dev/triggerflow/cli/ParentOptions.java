package dev.triggerflow.cli;

import picocli.CommandLine.ParentCommand;

/** Gives subcommands the root command's options. */
abstract class ParentOptions {
  @ParentCommand TriggerflowCommand root;

  LocalRuntime open() {
    return LocalRuntime.open(root.dir);
  }
}
