/// Placeholder until the control protocol lands.
enum ControlPlaceholder {}
