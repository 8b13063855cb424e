/**
 * The exact command that installs each missing piece, per platform. A row without an entry for
 * the running platform falls back to `other`.
 */
export interface InstallHint {
  readonly linux?: string;
  readonly darwin?: string;
  readonly other: string;
}

export type HintId = "node" | "pnpm" | "buf" | "python" | "pip" | "pipIndex" | "conda" | "mamba" | "uv" | "tox" | "protoc" | "zip";

export const INSTALL_HINTS: Readonly<Record<HintId, InstallHint>> = {
  node: { other: "nvm install 20 && nvm use 20   (Node ≥ 20.19; or fnm/volta/your package manager)" },
  pnpm: { other: "npm install -g pnpm@{pnpm}   (or: corepack enable && corepack prepare pnpm@{pnpm} --activate)" },
  buf: { other: "cd {root} && pnpm install   (buf ships in node_modules as @bufbuild/buf, a dependency of @pyflink-devkit/codegen)" },
  python: {
    linux: "pyenv install 3.12   (no pyenv? curl -fsSL https://pyenv.run | bash)",
    darwin: "brew install python@3.12",
    other: "pyenv install 3.12",
  },
  pip: { other: "{python} -m ensurepip --upgrade" },
  pipIndex: { other: "check the network/proxy, or point pip at a reachable index: pip config set global.index-url <https://your-mirror/simple>" },
  conda: {
    linux: 'curl -fsSLO "https://github.com/conda-forge/miniforge/releases/latest/download/Miniforge3-$(uname)-$(uname -m).sh" && bash "Miniforge3-$(uname)-$(uname -m).sh"',
    darwin: "brew install --cask miniforge",
    other: "install Miniforge: https://github.com/conda-forge/miniforge#install",
  },
  mamba: {
    linux: 'curl -fsSLO "https://github.com/conda-forge/miniforge/releases/latest/download/Miniforge3-$(uname)-$(uname -m).sh" && bash "Miniforge3-$(uname)-$(uname -m).sh"   (Miniforge includes mamba)',
    darwin: "brew install --cask miniforge   (Miniforge includes mamba)",
    other: "install Miniforge (includes mamba): https://github.com/conda-forge/miniforge#install",
  },
  uv: { darwin: "brew install uv", other: "curl -LsSf https://astral.sh/uv/install.sh | sh" },
  tox: { linux: "sudo apt-get install tox   (or: pipx install tox)", darwin: "brew install tox", other: "pipx install tox" },
  protoc: { linux: "sudo apt-get install protobuf-compiler", darwin: "brew install protobuf", other: "download protoc from https://github.com/protocolbuffers/protobuf/releases" },
  zip: { linux: "sudo apt-get install zip", darwin: "brew install zip", other: "install Info-ZIP zip from your package manager" },
};

/** The hint for this platform with `{name}` placeholders filled in. */
export function installHint(id: HintId, platform: NodeJS.Platform, values: Readonly<Record<string, string>> = {}): string {
  const hint = INSTALL_HINTS[id];
  const template = platform === "linux" || platform === "darwin" ? (hint[platform] ?? hint.other) : hint.other;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
