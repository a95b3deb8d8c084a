package dev.triggerflow.cli;

import picocli.CommandLine.ParentCommand;

/** Gives subcommands the root command's options. */
abstract class ParentOptions {
  @ParentCommand TriggerflowCommand root;

  Target open() {
    return root.openTarget();
  }
}
