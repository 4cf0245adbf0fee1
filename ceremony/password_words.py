"""Dutch words that people build passwords from, for the password policy (`ceremony.passwords`).

zxcvbn's bundled lists are English: "Welkom2024!!" or "Ceremonie2026!" score as strong
there. These lists add what a Flemish town hall's staff would reach for: the Flemish
municipalities (the 300 of 2019, the earlier and the merged names since), Brussels,
months, days, seasons, common Dutch password words and the app's own words. Typed here,
not downloaded; lower case, as written (`passwords` folds accents and hyphens itself).
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


MUNICIPALITIES = _words(
    # Antwerpen
    "aartselaar antwerpen arendonk baarle-hertog balen beerse berlaar boechout bonheiden boom "
    "bornem borsbeek brasschaat brecht dessel duffel edegem essen geel grobbendonk "
    "heist-op-den-berg hemiksem herentals herenthout herselt hoogstraten hove hulshout "
    "kalmthout kapellen kasterlee kontich laakdal lier lille lint malle mechelen meerhout "
    "merksplas mol mortsel niel nijlen olen oud-turnhout putte puurs sint-amands "
    "puurs-sint-amands ranst ravels retie rijkevorsel rumst schelle schilde schoten "
    "sint-katelijne-waver stabroek turnhout vorselaar vosselaar westerlo wijnegem willebroek "
    "wommelgem wuustwezel zandhoven zoersel zwijndrecht berchem borgerhout deurne ekeren "
    "hoboken merksem wilrijk "
    # Limburg
    "alken as beringen bilzen bocholt borgloon bree diepenbeek dilsen-stokkem genk gingelom "
    "halen ham hamont-achel hasselt hechtel-eksel heers herk-de-stad herstappe heusden-zolder "
    "hoeselt houthalen-helchteren kinrooi kortessem lanaken leopoldsburg lommel lummen maaseik "
    "maasmechelen meeuwen-gruitrode neerpelt nieuwerkerken opglabbeek oudsbergen overpelt peer "
    "pelt riemst sint-truiden tessenderlo tongeren voeren wellen zonhoven zutendaal "
    "tongeren-borgloon bilzen-hoeselt tessenderlo-ham "
    # Oost-Vlaanderen
    "aalst aalter assenede berlare beveren brakel buggenhout de-pinte deinze denderleeuw "
    "dendermonde destelbergen eeklo erpe-mere evergem gavere gent geraardsbergen haaltert hamme "
    "herzele horebeke kaprijke kluisbergen knesselare kruibeke kruishoutem kruisem laarne "
    "lebbeke lede lierde lievegem lochristi lokeren lovendegem maarkedal maldegem melle "
    "merelbeke moerbeke nazareth nevele ninove oosterzele oudenaarde ronse sint-gillis-waas "
    "sint-laureins sint-lievens-houtem sint-martens-latem sint-niklaas stekene temse "
    "waarschoot waasmunster wachtebeke wetteren wichelen wortegem-petegem zele zelzate zingem "
    "zomergem zottegem zulte zwalm beveren-kruibeke-zwijndrecht merelbeke-melle "
    "nazareth-de-pinte ledeberg gentbrugge mariakerke drongen sint-amandsberg "
    # Vlaams-Brabant
    "aarschot affligem asse beersel begijnendijk bekkevoort bertem bever bierbeek "
    "boortmeerbeek boutersem diest dilbeek drogenbos galmaarden geetbets glabbeek gooik "
    "grimbergen haacht halle herent herne hoegaarden hoeilaart holsbeek huldenberg kampenhout "
    "kapelle-op-den-bos keerbergen kortenaken kortenberg kraainem landen lennik leuven "
    "liedekerke linkebeek linter londerzeel lubbeek machelen meise merchtem opwijk "
    "oud-heverlee overijse pepingen roosdaal rotselaar scherpenheuvel-zichem "
    "sint-genesius-rode sint-pieters-leeuw steenokkerzeel ternat tervuren tielt-winge tienen "
    "tremelo vilvoorde wemmel wezembeek-oppem zaventem zemst zoutleeuw kessel-lo heverlee "
    "wilsele "
    # West-Vlaanderen
    "alveringem anzegem ardooie avelgem beernem blankenberge bredene brugge damme de-haan "
    "de-panne deerlijk dentergem diksmuide gistel harelbeke heuvelland hooglede houthulst "
    "ichtegem ieper ingelmunster izegem jabbeke knokke knokke-heist koekelare koksijde "
    "kortemark kortrijk kuurne langemark-poelkapelle ledegem lendelede lichtervelde lo-reninge "
    "menen mesen meulebeke middelkerke moorslede nieuwpoort oostende oostkamp oostrozebeke "
    "oudenburg pittem poperinge roeselare ruiselede spiere-helkijn staden tielt torhout veurne "
    "vleteren waregem wervik wevelgem wielsbeke wingene zedelgem zonnebeke zuienkerke zwevegem "
    # Brussel
    "brussel anderlecht elsene etterbeek evere ganshoren jette koekelberg oudergem schaarbeek "
    "sint-agatha-berchem sint-gillis sint-jans-molenbeek molenbeek sint-joost-ten-node "
    "sint-lambrechts-woluwe sint-pieters-woluwe ukkel vorst watermaal-bosvoorde "
    # the regions
    "vlaanderen belgie belgië brabant limburg kempen waasland meetjesland pajottenland "
    "westhoek hageland"
)

CALENDAR = _words(
    "januari februari maart april mei juni juli augustus september oktober november december "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag weekend "
    "lente voorjaar zomer najaar herfst winter zomerdag winterdag "
    "kerstmis kerst pasen pinksteren nieuwjaar sinterklaas carnaval verjaardag"
)

COMMON = _words(
    "wachtwoord paswoord passwoord wachtwoorden geheim welkom welkom01 hallo hoi dag goedemorgen "
    "liefde schat schatje lieverd mijnschat ikhouvanjou vrijheid zonneschijn regenboog "
    "bloem bloemen tulp roos hond kat poes paard vogel beer konijn voetbal fiets auto "
    "thuis familie vriend vriendin kinderen mama papa oma opa baby prinses koning koningin "
    "rodeduivels duivels clubbrugge standard genkfan bier frieten chocolade "
    "amai allee goed beter geluk gelukkig "
    "admin beheer beheerder gebruiker medewerker kantoor computer inloggen aanmelden toegang "
    "veilig beveiliging sleutel nieuw nieuwe test testen"
)

APP = _words(
    "ceremonie ceremonies inburgering inburgeraar inburgeringsattest attest welkomstceremonie "
    "onthaal uitnodiging uitnodigingen gemeente gemeentehuis stadhuis stad dienst burgerzaken "
    "bevolking loket integratie nieuwkomer nieuwkomers agii vcmp privacy belronde bellen "
    "coordinator beller bewaring verantwoording levering leveringen personen gebruikers "
    "instellingen auditlog burgemeester schepen"
)

WORDS: tuple[str, ...] = (*APP, *COMMON, *CALENDAR, *MUNICIPALITIES)
