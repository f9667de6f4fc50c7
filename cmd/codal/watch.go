package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/watch"
)

func init() { commands = append(commands, command{[]string{"watch"}, newWatchCmd}) }

// startWait is how long `codal watch start` waits for the daemon to watch
// every folder (seconds at 100,000 entries).
const startWait = 5 * time.Minute

func newWatchCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "watch",
		Short: a.tt("Surveille le registre pour que les listes ne vérifient que ce qui a changé (optionnel)", "Watch the registry so that lists check only what changed (opt-in)"),
		Long: a.tt(
			"Un démon optionnel, à la manière du fsmonitor de git, surveille les fichiers du registre (Linux, inotify) et dit aux\n"+
				"commandes quels chemins ont changé depuis leur dernier passage : codal list ne compare alors que ceux-là au lieu de\n"+
				"chaque fichier. S'il ne répond pas, ou ne peut pas être sûr, la commande vérifie tout, comme sans lui.\n"+
				"Le registre est choisi comme pour toute commande (--registry, CODAL_REGISTRY, la configuration).",
			"An opt-in daemon, in the manner of git's fsmonitor, watches the registry's files (Linux, inotify) and tells commands\n"+
				"which paths changed since they last ran: codal list then compares only those instead of every file. When it does\n"+
				"not answer, or cannot be sure, the command checks everything, as without it.\n"+
				"The registry is chosen as for every command (--registry, CODAL_REGISTRY, the configuration)."),
		Args: cobra.NoArgs,
	}
	start := &cobra.Command{
		Use:   "start",
		Short: a.tt("Démarre le démon de surveillance en arrière-plan (sans effet s'il tourne déjà)", "Start the watching daemon in the background (nothing if it already runs)"),
		Args:  cobra.NoArgs,
		RunE:  func(*cobra.Command, []string) error { return a.watchStart() },
	}
	stop := &cobra.Command{
		Use:   "stop",
		Short: a.tt("Arrête le démon de surveillance", "Stop the watching daemon"),
		Args:  cobra.NoArgs,
		RunE:  func(*cobra.Command, []string) error { return a.watchStop() },
	}
	var asJSON bool
	status := &cobra.Command{
		Use:   "status",
		Short: a.tt("Dit si le démon tourne, depuis quand, et combien de dossiers il surveille", "Say whether the daemon runs, since when, and how many folders it watches"),
		Args:  cobra.NoArgs,
		RunE:  func(*cobra.Command, []string) error { return a.watchStatus(asJSON) },
	}
	status.Flags().BoolVar(&asJSON, "json", false, a.tt("sortie JSON", "JSON output"))
	run := &cobra.Command{
		Use:   "run",
		Short: a.tt("Fait tourner le démon au premier plan (pour systemd et les tests)", "Run the daemon in the foreground (for systemd and tests)"),
		Args:  cobra.NoArgs,
		RunE:  func(*cobra.Command, []string) error { return a.watchRun() },
	}
	cmd.AddCommand(start, stop, status, run)
	return cmd
}

// watchDir is the registry's folder for the watch commands: it must hold a
// registry already (the watcher never installs or clones one).
func (a *app) watchDir() (string, error) {
	if a.cfgErr != nil {
		return "", a.cfgErr
	}
	dir, _ := a.registryDir()
	abs, err := filepath.Abs(dir)
	if err == nil {
		dir = abs
	}
	if _, err := os.Lstat(filepath.Join(dir, catalogue.MetaFile)); err != nil {
		return "", withCode(1, i18n.Errorf(i18n.T(
			"%s n'est pas un registre CODAL (pas de registry.yaml) : rien à surveiller",
			"%s is not a CODAL registry (no registry.yaml): nothing to watch"), dir))
	}
	return dir, nil
}

func errNoWatcher() error {
	return withCode(1, i18n.Wrap(watch.ErrUnsupported, i18n.T(
		"la surveillance n'est pas disponible sur ce système (Linux seulement) : codal fonctionne sans elle, comme avant",
		"the watcher is not available on this system (Linux only): codal works without it, as before")))
}

func (a *app) watchRun() error {
	dir, err := a.watchDir()
	if err != nil {
		return err
	}
	if !watch.Supported {
		return errNoWatcher()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = watch.Run(ctx, dir, watch.Options{Ready: func(s watch.Status) {
		say(a.stdout, a.t(i18n.T("Surveillance de %s : %d dossiers, socket %s.", "Watching %s: %d folders, socket %s."), s.Dir, s.Folders, s.Socket))
	}})
	switch {
	case errors.Is(err, watch.ErrBlind):
		return withCode(1, i18n.Wrap(err, i18n.T(
			"impossible de surveiller chaque dossier de %s (%v) : augmentez fs.inotify.max_user_watches, ou arrêtez un autre démon ; codal fonctionne sans",
			"cannot watch every folder of %s (%v): raise fs.inotify.max_user_watches, or stop another daemon; codal works without it"), dir, err))
	case errors.Is(err, watch.ErrRunning):
		return withCode(1, i18n.Wrap(err, i18n.T("un démon surveille déjà %s (codal watch status)", "a daemon already watches %s (codal watch status)"), dir))
	case err != nil:
		return withCode(1, i18n.Wrap(err, i18n.T("la surveillance de %s a échoué : %v", "watching %s failed: %v"), dir, err))
	}
	return nil
}

func (a *app) watchStart() error {
	dir, err := a.watchDir()
	if err != nil {
		return err
	}
	if !watch.Supported {
		return errNoWatcher()
	}
	if s, err := watch.GetStatus(dir); err == nil {
		say(a.stdout, a.t(i18n.T("Un démon surveille déjà %s (depuis %s), socket %s.", "A daemon already watches %s (since %s), socket %s."),
			dir, s.Since.Local().Format(time.DateTime), s.Socket))
		return nil
	}
	self, err := os.Executable()
	if err != nil {
		return withCode(1, i18n.Wrap(err, i18n.T("impossible de trouver l'exécutable de codal : %v", "cannot find codal's executable: %v"), err))
	}
	logf, logPath, err := watch.OpenLog(dir)
	if err != nil {
		return withCode(1, i18n.Wrap(err, i18n.T("impossible de préparer le dossier du démon de %s : %v", "cannot prepare the daemon's folder of %s: %v"), dir, err))
	}
	defer logf.Close()
	c := exec.Command(self, "watch", "run", "--registry", dir, "--lang", string(a.lang))
	c.Stdout, c.Stderr = logf, logf
	watch.Detach(c)
	if err := c.Start(); err != nil {
		return withCode(1, i18n.Wrap(err, i18n.T("impossible de démarrer le démon : %v", "cannot start the daemon: %v"), err))
	}
	exited := make(chan struct{})
	go func() { c.Wait(); close(exited) }()
	deadline := time.Now().Add(startWait)
	for time.Now().Before(deadline) {
		if s, err := watch.GetStatus(dir); err == nil {
			say(a.stdout, a.t(i18n.T("Surveillance démarrée pour %s : %d dossiers, socket %s.", "Watching started for %s: %d folders, socket %s."), dir, s.Folders, s.Socket))
			return nil
		}
		select {
		case <-exited:
			if s, err := watch.GetStatus(dir); err == nil { // another start won the race
				say(a.stdout, a.t(i18n.T("Un démon surveille déjà %s, socket %s.", "A daemon already watches %s, socket %s."), dir, s.Socket))
				return nil
			}
			return withCode(1, i18n.Errorf(i18n.T("le démon s'est arrêté au démarrage : %s (journal %s)", "the daemon stopped as it started: %s (log %s)"), lastLine(logPath), logPath))
		case <-time.After(50 * time.Millisecond):
		}
	}
	c.Process.Kill()
	return withCode(1, i18n.Errorf(i18n.T("le démon n'a pas fini de surveiller %s en %v (journal %s)", "the daemon did not finish watching %s within %v (log %s)"), dir, startWait, logPath))
}

// lastLine is the last line of the daemon's log (capped, cleaned).
func lastLine(p string) string {
	f, err := os.Open(p)
	if err != nil {
		return "?"
	}
	defer f.Close()
	var last string
	sc := bufio.NewScanner(io.LimitReader(f, 64<<10))
	for sc.Scan() {
		if t := strings.TrimSpace(sc.Text()); t != "" {
			last = t
		}
	}
	return fact.CleanLine(last)
}

func (a *app) watchStop() error {
	dir, err := a.watchDir()
	if err != nil {
		return err
	}
	switch err := watch.Stop(dir); {
	case errors.Is(err, watch.ErrNotRunning):
		say(a.stdout, a.t(i18n.T("Aucun démon ne surveillait %s.", "No daemon was watching %s."), dir))
	case err != nil:
		return withCode(1, i18n.Wrap(err, i18n.T("impossible d'arrêter le démon de %s : %v", "cannot stop the daemon of %s: %v"), dir, err))
	default:
		say(a.stdout, a.t(i18n.T("Surveillance de %s arrêtée.", "Watching of %s stopped."), dir))
	}
	return nil
}

func (a *app) watchStatus(asJSON bool) error {
	dir, err := a.watchDir()
	if err != nil {
		return err
	}
	s, err := watch.GetStatus(dir)
	running := err == nil
	if asJSON {
		out := struct {
			Running   bool `json:"running"`
			Available bool `json:"available"`
			*watch.Status
		}{Running: running, Available: watch.Supported}
		if running {
			out.Status = &s
		}
		return writeJSON(a.stdout, out)
	}
	switch {
	case !watch.Supported:
		say(a.stdout, a.t(i18n.T("La surveillance n'est pas disponible sur ce système.", "The watcher is not available on this system.")))
	case !running:
		say(a.stdout, a.t(i18n.T("Aucun démon ne surveille %s (codal watch start).", "No daemon watches %s (codal watch start)."), dir))
	default:
		say(a.stdout, a.t(i18n.T("Un démon (pid %d) surveille %s depuis %s : %d dossiers, socket %s.", "A daemon (pid %d) watches %s since %s: %d folders, socket %s."),
			s.PID, s.Dir, s.Since.Local().Format(time.DateTime), s.Folders, s.Socket))
		if s.Blind != "" {
			say(a.stdout, a.t(i18n.T("Il ne peut rien garantir (%s) : les commandes font comme sans lui.", "It cannot vouch for anything (%s): commands do as without it."), s.Blind))
		}
	}
	return nil
}
