package dev.atrium.cli;

/**
 * A command that runs with the CLI's {@link Context}: the environment, the streams, the clock and the
 * options every command takes. The command factory hands it over when it makes the command.
 */
public abstract class ContextCommand {

  protected Context context;

  final void use(Context context) {
    this.context = context;
  }
}
