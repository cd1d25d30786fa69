// Placeholder entry point; the commands land with the CLI work.
int main() { return 0; }
