package registry

import (
	"os"
	"path/filepath"
	"strings"

	gitconfig "github.com/go-git/go-git/v5/plumbing/format/config"

	"github.com/gpso/codal/config"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

// ResolveIdentity finds who is writing. Each of name, e-mail and actor comes
// from the first place that sets it: the environment (CODAL_NAME,
// CODAL_EMAIL, CODAL_ACTOR), then codal's configuration, then, for name and
// e-mail, the user's Git configuration (user.name and user.email, read as git
// does: the global files, which override the system file). A missing or
// invalid name or e-mail is an error telling how to set it; a missing actor is
// not (commands that need one ask for --as).
func ResolveIdentity(cfg config.Config) (catalogue.Identity, error) {
	return resolveIdentity(cfg, "")
}

// catalogue.Identity is ResolveIdentity for a write into this registry: like git
// committing in the registry's repository, the repository's own
// configuration (.git/config) comes before the global and system files.
func (r *Registry) Identity(cfg config.Config) (catalogue.Identity, error) {
	local := ""
	if r.repo != nil {
		local = filepath.Join(gitDir(r), "config")
	}
	return resolveIdentity(cfg, local)
}

func resolveIdentity(cfg config.Config, localConfig string) (catalogue.Identity, error) {
	id := catalogue.Identity{
		Name:  firstSet(os.Getenv("CODAL_NAME"), cfg.Name),
		Email: firstSet(os.Getenv("CODAL_EMAIL"), cfg.Email),
		Actor: firstSet(os.Getenv("CODAL_ACTOR"), cfg.Actor),
	}
	if id.Name == "" || id.Email == "" {
		user := gitUser(localConfig)
		id.Name = firstSet(id.Name, user.Name)
		id.Email = firstSet(id.Email, user.Email)
	}
	switch {
	case id.Name == "" && id.Email == "":
		return id, i18n.Errorf(i18n.T(
			"identité inconnue : indiquez votre nom et votre e-mail, par exemple git config --global user.name \"Camille Martin\" et git config --global user.email camille.martin@exemple.fr (ou les variables CODAL_NAME et CODAL_EMAIL)",
			"unknown identity: set your name and e-mail, for example git config --global user.name \"Camille Martin\" and git config --global user.email camille.martin@example.org (or the CODAL_NAME and CODAL_EMAIL variables)"))
	case id.Name == "":
		return id, i18n.Errorf(i18n.T(
			"votre nom n'est pas configuré : git config --global user.name \"Camille Martin\" (ou la variable CODAL_NAME)",
			"your name is not set: git config --global user.name \"Camille Martin\" (or the CODAL_NAME variable)"))
	case id.Email == "":
		return id, i18n.Errorf(i18n.T(
			"votre e-mail n'est pas configuré : git config --global user.email camille.martin@exemple.fr (ou la variable CODAL_EMAIL)",
			"your e-mail is not set: git config --global user.email camille.martin@example.org (or the CODAL_EMAIL variable)"))
	case !fact.ValidEmail(id.Email):
		return id, i18n.Errorf(i18n.T("e-mail invalide %q dans votre identité : corrigez user.email (ou CODAL_EMAIL)", "invalid e-mail %q in your identity: fix user.email (or CODAL_EMAIL)"), id.Email)
	case id.Actor != "" && !fact.ValidID(id.Actor):
		return id, i18n.Errorf(i18n.T("identifiant d'organisation invalide %q (CODAL_ACTOR ou actor dans la configuration)", "invalid organisation id %q (CODAL_ACTOR or actor in the configuration)"), id.Actor)
	}
	id.Name = strings.TrimSpace(id.Name)
	return id, nil
}

func firstSet(v ...string) string {
	for _, s := range v {
		if strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// gitUser reads user.name and user.email from Git's configuration files in
// git's order, later files overriding earlier ones: the system file (unless
// GIT_CONFIG_NOSYSTEM), the global files ($XDG_CONFIG_HOME/git/config then
// ~/.gitconfig, or GIT_CONFIG_GLOBAL alone), then local when not empty.
func gitUser(local string) catalogue.Identity {
	var files []string
	if !gitBool(os.Getenv("GIT_CONFIG_NOSYSTEM")) {
		files = append(files, firstSet(os.Getenv("GIT_CONFIG_SYSTEM"), "/etc/gitconfig"))
	}
	if g, ok := os.LookupEnv("GIT_CONFIG_GLOBAL"); ok {
		files = append(files, g)
	} else {
		xdg := os.Getenv("XDG_CONFIG_HOME")
		home, _ := os.UserHomeDir()
		if xdg == "" && home != "" {
			xdg = filepath.Join(home, ".config")
		}
		if xdg != "" {
			files = append(files, filepath.Join(xdg, "git", "config"))
		}
		if home != "" {
			files = append(files, filepath.Join(home, ".gitconfig"))
		}
	}
	if local != "" {
		files = append(files, local)
	}
	var id catalogue.Identity
	for _, f := range files {
		if f == "" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		c := gitconfig.New()
		if err := gitconfig.NewDecoder(strings.NewReader(string(data))).Decode(c); err != nil {
			continue
		}
		if !c.HasSection("user") {
			continue
		}
		u := c.Section("user")
		if u.HasOption("name") {
			id.Name = u.Option("name")
		}
		if u.HasOption("email") {
			id.Email = u.Option("email")
		}
	}
	return id
}

func gitBool(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}
